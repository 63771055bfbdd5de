// GemSweepRunningAverage's KernelConfig: webgpu only, one elementwise WGSL program through
// tfjs-webgpu's runWebGPUProgram.
import type * as tf from "@tensorflow/tfjs";
import { RUNNING_AVERAGE_KERNEL } from "../training/running-average.js";

const WORKGROUP = 64;

/** result = (1 - momentum) Average + momentum Value, one element per invocation. */
class RunningAverageProgram {
  readonly variableNames = ["Average", "Value"];
  readonly outputShape: number[];
  readonly shaderKey = "gemsweep_running_average";
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly uniforms = "raMomentum : f32,";
  constructor(shape: number[]) {
    this.outputShape = shape;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    this.dispatch = [Math.ceil(shape.reduce((a, b) => a * b, 1) / WORKGROUP), 1, 1];
  }
  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    setOutputAtIndex(index, (1.0 - uniforms.raMomentum) * Average[index] + uniforms.raMomentum * Value[index]);
  }
}
`;
  }
}

type WebgpuRunner = {
  runWebGPUProgram(program: RunningAverageProgram, inputs: tf.TensorInfo[], dtype: "float32", uniforms: Array<{ type: "float32"; data: number[] }>): tf.TensorInfo;
};

const webgpuRunningAverage: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const average = inputs["average"] as tf.TensorInfo;
  const { momentum } = attrs as unknown as { momentum: number };
  return (backend as unknown as WebgpuRunner).runWebGPUProgram(new RunningAverageProgram([...average.shape]), [average, inputs["value"] as tf.TensorInfo], "float32", [{ type: "float32", data: [momentum] }]);
};

export function runningAverageKernelConfigs(): tf.KernelConfig[] {
  return [{ kernelName: RUNNING_AVERAGE_KERNEL, backendName: "webgpu", kernelFunc: webgpuRunningAverage }];
}
