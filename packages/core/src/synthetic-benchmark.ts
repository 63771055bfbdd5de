// Why: the protocol's tests (ASHA's rungs, the tuning choice, stage 2's paired seeds) need a
// benchmark whose metric is a known function of its hyperparameters and epoch, exact and fast,
// so the expected rung decisions and choices can be worked out by hand.
import { activationKey, type Activation, type ActivationName } from "@gemsweep/contracts";
import { mulberry32 } from "./search/prng.js";

/** The learning rate at which each activation's accuracy peaks (the GEM family's is higher, by construction). */
export function syntheticBestLr(name: ActivationName): number {
  return name === "gem" || name === "e-gem" || name === "se-gem" ? 3e-3 : 1e-3;
}

/** The weight decay at which accuracy peaks (when the trial sets one). */
export const SYNTHETIC_BEST_WEIGHT_DECAY = 1e-4;

/** A learning rate at or above this diverges in the first epoch (a non-finite metric). */
export const SYNTHETIC_DIVERGING_LR = 0.5;

const BONUS: Partial<Record<ActivationName, number>> = { "e-gem": 0.01, "se-gem": 0.008, gem: 0.005, gelu: 0, relu: -0.005 };

/**
 * The plateau a trial approaches: 0.9 + the activation's bonus, minus 0.1 per squared decade
 * between lr and the activation's best lr, minus 0.02 per squared decade between weight decay
 * and 1e-4 (no term when the trial sets none).
 */
export function syntheticPlateau(activation: Activation, hyper: { lr: number; weightDecay?: number | undefined }): number {
  const lrTerm = 0.1 * Math.log10(hyper.lr / syntheticBestLr(activation.name)) ** 2;
  const wdTerm =
    hyper.weightDecay === undefined ? 0 : 0.02 * Math.log10((hyper.weightDecay + 1e-6) / (SYNTHETIC_BEST_WEIGHT_DECAY + 1e-6)) ** 2;
  return 0.9 + (BONUS[activation.name] ?? -0.002) - lrTerm - wdTerm;
}

/** A seed's fixed offset for one activation and split, in [-0.002, 0.002): paired seeds differ, but little. */
export function syntheticNoise(activation: Activation, seed: number, split: "validation" | "test"): number {
  const text = `${split}|${activationKey(activation)}|${seed}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return 0.004 * (mulberry32(h)() - 0.5);
}

/**
 * The accuracy after `epoch` epochs: plateau · (1 − 2^−epoch) + the seed's offset, on the
 * validation and on the test split (test sits 0.01 lower). Non-finite at a diverging lr.
 */
export function syntheticAccuracy(
  activation: Activation,
  hyper: { lr: number; weightDecay?: number | undefined },
  seed: number,
  epoch: number,
): { validation: number; test: number } {
  if (hyper.lr >= SYNTHETIC_DIVERGING_LR) return { validation: Number.NaN, test: Number.NaN };
  const curve = syntheticPlateau(activation, hyper) * (1 - 0.5 ** epoch);
  return {
    validation: curve + syntheticNoise(activation, seed, "validation"),
    test: curve - 0.01 + syntheticNoise(activation, seed, "test"),
  };
}
