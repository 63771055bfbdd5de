import * as z from "zod";
import { hyperRuleIssues } from "./hyper-rules.js";

// Hyperparameters of one trial. Names are camelCase, exactly as a spec's `overrides` writes them.

export const OPTIMIZERS = ["sgd", "momentum", "adam", "adamw", "rmsprop"] as const;
export const optimizerSchema = z.enum(OPTIMIZERS);
export type Optimizer = z.infer<typeof optimizerSchema>;

/** Learning-rate schedules, applied per optimizer step (docs/training.md#learning-rate-schedules). */
export const SCHEDULES = ["constant", "step", "multistep", "cosine", "linear"] as const;
export const scheduleSchema = z.enum(SCHEDULES);
export type Schedule = z.infer<typeof scheduleSchema>;

const hyperFields = {
  epochs: z.int().min(1).max(10_000),
  batchSize: z.int().min(1).max(65_536),
  /** The peak learning rate: after warmup, before any decay. */
  lr: z.number().positive().max(10),
  optimizer: optimizerSchema,
  /** SGD momentum; ignored by adaptive optimizers. */
  momentum: z.number().min(0).lt(1),
  weightDecay: z.number().min(0).max(1),
  /** Use only the first K examples of the training file (the validation part is held out of them). */
  trainLimit: z.int().min(1),
  /** Evaluate on at most K examples of each evaluation split (validation and test). */
  testLimit: z.int().min(1),
  /** `sleep` benchmark: how long each epoch sleeps, and how many attempts fail first. */
  sleepMs: z.int().min(0).max(3_600_000),
  failTimes: z.int().min(0).max(100),
  /** Learning-rate schedule (default constant). */
  schedule: scheduleSchema,
  /** Linear warmup from lr/W to lr over this many epochs (may be fractional) ... */
  warmupEpochs: z.number().min(0).max(10_000),
  /** ... or over this many optimizer steps; set one of the two. */
  warmupSteps: z.int().min(0).max(100_000_000),
  /** multistep: epochs (may be fractional) at which lr is multiplied by gamma; ascending, below epochs. */
  milestones: z.array(z.number().positive().max(10_000)).min(1).max(100),
  /** step: lr is multiplied by gamma every stepEpochs epochs (PyTorch's StepLR step_size). */
  stepEpochs: z.number().positive().max(10_000),
  /** Decay factor of step and multistep (default 0.1). */
  gamma: z.number().positive().max(1),
  /** Where cosine and linear decay end (default 0); below lr. */
  minLr: z.number().min(0).max(10),
  /** Clip the gradients' global L2 norm to this value before each update (off when absent). */
  gradClip: z.number().positive().max(1e6),
  /** Adam / AdamW moment decays and epsilon (defaults 0.9, 0.999, 1e-8). */
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  adamEps: z.number().positive().max(1),
  /** Label smoothing of the training loss (evaluation losses are never smoothed). */
  labelSmoothing: z.number().min(0).lt(1),
  /** Dropout rate at the model's dropout sites (transformers, the CNNs); 0 = none. */
  dropout: z.number().min(0).lt(1),
  /** Image benchmarks: the fixed, seeded part of the training split held out for validation; 0 = no validation. */
  valFraction: z.number().min(0).max(0.5),
} as const;

export type HyperKey = keyof typeof hyperFields;
export const HYPER_KEYS = Object.keys(hyperFields) as HyperKey[];

/** Each hyperparameter's own rule, by name: what one value of it may be (a spec's axes and ranges check each value with it). */
export const HYPER_FIELDS: { readonly [K in HyperKey]: (typeof hyperFields)[K] } = hyperFields;

/** One hyperparameter's value as a trial holds it (a number, a name, or a list such as milestones). */
export type HyperValue = number | string | readonly number[];

export function isHyperKey(key: string): key is HyperKey {
  return Object.prototype.hasOwnProperty.call(hyperFields, key);
}

/** Keys every trial has; all others are optional. */
const REQUIRED_KEYS = ["epochs", "batchSize", "lr", "optimizer"] as const satisfies readonly HyperKey[];
type RequiredKey = (typeof REQUIRED_KEYS)[number];
type OptionalKey = Exclude<HyperKey, RequiredKey>;

const hyperShape = Object.fromEntries(
  HYPER_KEYS.map((k) => [k, (REQUIRED_KEYS as readonly string[]).includes(k) ? hyperFields[k] : hyperFields[k].optional()]),
) as { [K in RequiredKey]: (typeof hyperFields)[K] } & { [K in OptionalKey]: z.ZodOptional<(typeof hyperFields)[K]> };

/** A trial's complete hyperparameters (benchmark defaults merged with overrides), cross-field rules included. */
export const hyperSchema = z.strictObject(hyperShape).superRefine((hyper, ctx) => {
  for (const issue of hyperRuleIssues(hyper)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});
export type Hyper = z.infer<typeof hyperSchema>;

/** Any override a spec may carry; which keys a benchmark accepts is narrowed per benchmark. */
export const overridesSchema = z.strictObject(
  Object.fromEntries(HYPER_KEYS.map((k) => [k, hyperFields[k].optional()])) as {
    [K in HyperKey]: z.ZodOptional<(typeof hyperFields)[K]>;
  },
);
export type Overrides = z.infer<typeof overridesSchema>;

/** A strict schema accepting only `keys` of the overrides (used per benchmark). */
export function overridesSchemaFor(keys: readonly HyperKey[]) {
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as Partial<Record<HyperKey, true>>;
  return overridesSchema.pick(mask as Record<HyperKey, true>);
}
