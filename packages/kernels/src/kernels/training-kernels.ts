// The training kernels' registrations in one list (optimizer update, convolution passes, batch
// norm, the ResNet shortcut): a KernelConfig per backend that has one, and the gradients of the
// differentiable ones. register-kernels.ts registers them beside the activations.
import type * as tf from "@tensorflow/tfjs";
import { batchNormGradConfig } from "../training/batch-norm.js";
import { conv2dGradConfig } from "../training/conv2d.js";
import { downsampleShortcutGradConfig } from "../training/downsample-shortcut.js";
import { adamUpdateKernelConfigs } from "./adam-update-kernels.js";
import { batchNormKernelConfigs } from "./batch-norm-kernels.js";
import { conv2dFilterGradKernelConfigs } from "./conv2d-filter-grad-kernels.js";
import { conv2dKernelConfigs } from "./conv2d-kernels.js";
import { downsampleShortcutKernelConfigs } from "./downsample-shortcut-kernels.js";

export function trainingKernelConfigs(): tf.KernelConfig[] {
  return [...adamUpdateKernelConfigs(), ...conv2dKernelConfigs(), ...conv2dFilterGradKernelConfigs(), ...batchNormKernelConfigs(), ...downsampleShortcutKernelConfigs()];
}

export function trainingGradConfigs(): tf.GradConfig[] {
  return [conv2dGradConfig, batchNormGradConfig, downsampleShortcutGradConfig];
}
