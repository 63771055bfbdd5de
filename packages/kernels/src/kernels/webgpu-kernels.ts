import type * as tf from "@tensorflow/tfjs";
import { gradKernelName, type FusedImpl, type KernelAttrs } from "../activation-definition.js";
import { wgslBody } from "../expr/emit-wgsl.js";
import type { ElementwiseProgram } from "../expr/expr.js";
import type { Direction } from "./compiled-kernels.js";
import { kernelPrograms } from "./kernel-programs.js";

const WORKGROUP_SIZE = 128;

/**
 * A tfjs WebGPUProgram for an elementwise program, shaped like tfjs' own UnaryOpProgram: flat
 * dispatch (the backend reshapes it past the per-dimension limit), one element per invocation,
 * `uniforms.size` bound-checked, inputs A (= x) and B (= dy) read at the output index.
 */
export class ElementwiseWebGPUProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  readonly size = true;

  constructor(
    outputShape: number[],
    private readonly program: ElementwiseProgram,
    key: string,
  ) {
    this.outputShape = outputShape;
    this.variableNames = program.inputs.length === 2 ? ["A", "B"] : ["A"];
    this.shaderKey = `gemsweep_${key}`;
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    const size = outputShape.reduce((a, b) => a * b, 1);
    this.dispatch = [Math.ceil(size / WORKGROUP_SIZE), 1, 1];
  }

  getUserCode(): string {
    const inputs = this.variableNames.map((v) => `get${v}ByOutputIndex(index)`);
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var result : f32;
          ${wgslBody(this.program, inputs)}
          setOutputAtIndex(index, result);
        }
      }
    `;
  }
}

type WebGPUBackend = {
  runWebGPUProgram(program: ElementwiseWebGPUProgram, inputs: tf.TensorInfo[], dtype: "float32"): tf.TensorInfo;
};

function webgpuKernel(impl: FusedImpl, direction: Direction): tf.KernelConfig {
  return {
    kernelName: direction === "forward" ? impl.kernelName : gradKernelName(impl.kernelName),
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs["x"] as tf.TensorInfo;
      const programs = kernelPrograms(impl, attrs as KernelAttrs);
      const program = new ElementwiseWebGPUProgram(x.shape, programs[direction], `${programs.key}_${direction}`);
      const tensors = direction === "backward" ? [x, inputs["dy"] as tf.TensorInfo] : [x];
      return (backend as unknown as WebGPUBackend).runWebGPUProgram(program, tensors, "float32");
    },
  };
}

/** Forward and backward KernelConfigs of a fused activation on the webgpu backend. */
export function webgpuKernelConfigs(impl: FusedImpl): tf.KernelConfig[] {
  return [webgpuKernel(impl, "forward"), webgpuKernel(impl, "backward")];
}
