// The training kernels' registrations in one list (optimizer updates, batch-norm running averages,
// matrix product, convolution passes, batch norm, bias adds, channel sums, max pooling, the ResNet
// shortcut, the loss): a KernelConfig per backend that has one, and the gradients of the
// differentiable ones. register-kernels.ts registers them beside the activations.
import type * as tf from "@tensorflow/tfjs";
import { batchNormGradConfig } from "../training/batch-norm.js";
import { biasAddGradConfig } from "../training/bias-add.js";
import { conv2dGradConfig } from "../training/conv2d.js";
import { downsampleShortcutGradConfig } from "../training/downsample-shortcut.js";
import { matMulGradConfig } from "../training/matmul.js";
import { adamUpdateKernelConfigs } from "./adam-update-kernels.js";
import { batchNormKernelConfigs } from "./batch-norm-kernels.js";
import { biasAddKernelConfigs } from "./bias-add-kernels.js";
import { channelSumKernelConfigs } from "./channel-sum-kernels.js";
import { conv2dFilterGradKernelConfigs } from "./conv2d-filter-grad-kernels.js";
import { conv2dKernelConfigs } from "./conv2d-kernels.js";
import { downsampleShortcutKernelConfigs } from "./downsample-shortcut-kernels.js";
import { matMulKernelConfigs } from "./matmul-kernels.js";
import { maxPoolKernelConfigs } from "./max-pool-kernels.js";
import { momentumUpdateKernelConfigs } from "./momentum-update-kernels.js";
import { runningAverageKernelConfigs } from "./running-average-kernels.js";
import { softmaxCrossEntropyKernelConfigs } from "./softmax-cross-entropy-kernels.js";

export function trainingKernelConfigs(): tf.KernelConfig[] {
  return [...adamUpdateKernelConfigs(), ...momentumUpdateKernelConfigs(), ...runningAverageKernelConfigs(), ...conv2dKernelConfigs(), ...conv2dFilterGradKernelConfigs(), ...batchNormKernelConfigs(), ...downsampleShortcutKernelConfigs(), ...matMulKernelConfigs(), ...biasAddKernelConfigs(), ...channelSumKernelConfigs(), ...maxPoolKernelConfigs(), ...softmaxCrossEntropyKernelConfigs()];
}

export function trainingGradConfigs(): tf.GradConfig[] {
  return [conv2dGradConfig, batchNormGradConfig, downsampleShortcutGradConfig, matMulGradConfig, biasAddGradConfig];
}
