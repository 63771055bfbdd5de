// A batch-norm running average's update as one kernel (GemSweepRunningAverage, webgpu only: one
// program where tf ops take three; elsewhere the trainer keeps tf ops). Holds the op and its name.
import * as tf from "@tensorflow/tfjs";

export const RUNNING_AVERAGE_KERNEL = "GemSweepRunningAverage";

/** (1 - momentum) average + momentum value, elementwise, as a new tensor (average and value: the same shape). */
export function runningAverage(average: tf.Tensor, value: tf.Tensor, momentum: number): tf.Tensor {
  return tf.engine().runKernel(RUNNING_AVERAGE_KERNEL, { average, value }, { momentum } as unknown as tf.NamedAttrMap) as tf.Tensor;
}
