// GemSweepSoftmaxCrossEntropy's KernelConfigs: on wasm and cpu the JS loop over the tensors'
// storage. Faster than the composed tf ops on a language model's [2048, 4096] logits too: 153 vs
// 257 ms for the loss and its gradient on wasm. webgpu keeps the tf ops.
import type * as tf from "@tensorflow/tfjs";
import { SOFTMAX_CROSS_ENTROPY_KERNEL, softmaxCrossEntropyLoop, type SoftmaxCrossEntropyAttrs } from "../training/softmax-cross-entropy.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { asWasmBackend, heapInt32View, heapPointer, heapView } from "./wasm-backend.js";

function sizes(inputs: tf.NamedTensorInfoMap): { rows: number; classes: number } {
  const [logits, labels, weights] = [inputs["logits"]!, inputs["labels"]!, inputs["weights"]];
  const [rows, classes] = logits.shape as [number, number];
  const name = SOFTMAX_CROSS_ENTROPY_KERNEL;
  if (logits.shape.length !== 2) throw new Error(`${name}: logits must be [rows, classes], got ${JSON.stringify(logits.shape)}`);
  if (labels.dtype !== "int32" || labels.shape.length !== 1 || labels.shape[0] !== rows) throw new Error(`${name}: labels must be int32 [${rows}], got ${labels.dtype} ${JSON.stringify(labels.shape)}`);
  if (weights && (weights.shape.length !== 1 || weights.shape[0] !== rows)) throw new Error(`${name}: weights must be [${rows}], got ${JSON.stringify(weights.shape)}`);
  return { rows, classes };
}

const wasmSoftmaxCrossEntropy: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { rows, classes } = sizes(inputs);
  const [loss, grad] = [wasm.makeOutput([], "float32"), wasm.makeOutput([rows, classes], "float32")];
  // views after the last allocation (makeOutput may grow the heap)
  const view = (t: tf.TensorInfo, count: number) => heapView(wasm, heapPointer(wasm, t), count);
  const weights = inputs["weights"];
  const value = softmaxCrossEntropyLoop(
    view(inputs["logits"]!, rows * classes),
    heapInt32View(wasm, heapPointer(wasm, inputs["labels"]!), rows),
    weights ? view(weights, rows) : undefined,
    classes,
    (attrs as unknown as SoftmaxCrossEntropyAttrs).smoothing,
    view(grad, rows * classes),
  );
  view(loss, 1)[0] = value;
  return [loss, grad];
};

const cpuSoftmaxCrossEntropy: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { rows, classes } = sizes(inputs);
  const grad = new Float32Array(rows * classes);
  const weights = inputs["weights"];
  const value = softmaxCrossEntropyLoop(
    cpu.values(inputs["logits"]!),
    cpu.int32Values(inputs["labels"]!),
    weights ? cpu.values(weights) : undefined,
    classes,
    (attrs as unknown as SoftmaxCrossEntropyAttrs).smoothing,
    grad,
  );
  return [cpu.output([], Float32Array.of(value)), cpu.output([rows, classes], grad)];
};

/** The loss's KernelConfig per backend (webgpu: tf ops there). */
export function softmaxCrossEntropyKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: SOFTMAX_CROSS_ENTROPY_KERNEL, backendName: "wasm", kernelFunc: wasmSoftmaxCrossEntropy },
    { kernelName: SOFTMAX_CROSS_ENTROPY_KERNEL, backendName: "cpu", kernelFunc: cpuSoftmaxCrossEntropy },
  ];
}
