// Public surface of @gemsweep/kernels. Importing it registers our kernels on every backend.
import "./kernels/register-kernels.js";

export { kernelActivationOf, type KernelActivation } from "./kernel-activation.js";
export { activation } from "./activation.js";
export { reference } from "./reference.js";
export { loadBackend, BackendUnavailableError, type LoadedBackend } from "./load-backend.js";
export { takeDeviceError } from "./device-errors.js";
export { countWebgpuActivity, type WebgpuActivity, type WebgpuActivityCounter } from "./webgpu-activity.js";
export { GEM_KERNEL_NAME } from "./activations/gem.js";
export { GemActivationLayer, activationLayer, type GemActivationLayerArgs } from "./gem-activation-layer.js";
export { gemParams } from "./activations/gem.js";
export type { GemParams } from "./gem-formulas.js";
export { ADAM_UPDATE_KERNEL, adamUpdate, adamUpdateTensors, adamLoop, type AdamUpdateAttrs } from "./training/adam-update.js";
export { CONV2D_KERNEL, conv2dWithGrad, conv2dInputGrad, sameConv2dAttrs, type Conv2dAttrs } from "./training/conv2d.js";
export { CONV2D_FILTER_GRAD_KERNEL, conv2dFilterGrad, type Conv2dFilterGradAttrs } from "./training/conv2d-filter-grad.js";
export { BATCH_NORM_KERNEL, BATCH_NORM_GRAD_KERNEL, batchNormTraining } from "./training/batch-norm.js";
export { DOWNSAMPLE_SHORTCUT_KERNEL, downsampleShortcut, type DownsampleShortcutAttrs } from "./training/downsample-shortcut.js";
export { MATMUL_KERNEL, matMul } from "./training/matmul.js";
export { matMulTakesColumns } from "./kernels/matmul-kernels.js";
export { CHANNEL_SUM_KERNEL, channelSum } from "./training/channel-sum.js";
export { BIAS_ADD_KERNEL, biasAdd } from "./training/bias-add.js";
export { MAX_POOL_KERNEL, maxPool2x2 } from "./training/max-pool.js";
export { MOMENTUM_UPDATE_KERNEL, momentumUpdateTensors, momentumLoop, type MomentumUpdateAttrs } from "./training/momentum-update.js";
export { SOFTMAX_CROSS_ENTROPY_KERNEL, softmaxCrossEntropyWithGrad } from "./training/softmax-cross-entropy.js";
export { RUNNING_AVERAGE_KERNEL, runningAverage } from "./training/running-average.js";
