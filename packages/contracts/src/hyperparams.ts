import * as z from "zod";

// Hyperparameters of one trial. Names are camelCase, exactly as a spec's `overrides` writes them.

export const OPTIMIZERS = ["sgd", "momentum", "adam", "adamw", "rmsprop"] as const;
export const optimizerSchema = z.enum(OPTIMIZERS);
export type Optimizer = z.infer<typeof optimizerSchema>;

const hyperFields = {
  epochs: z.int().min(1).max(10_000),
  batchSize: z.int().min(1).max(65_536),
  lr: z.number().positive().max(10),
  optimizer: optimizerSchema,
  /** SGD momentum; ignored by adaptive optimizers. */
  momentum: z.number().min(0).lt(1),
  weightDecay: z.number().min(0).max(1),
  /** Use only the first K training / test examples (quick sweeps, tests). */
  trainLimit: z.int().min(1),
  testLimit: z.int().min(1),
  /** `sleep` benchmark: how long each epoch sleeps, and how many attempts fail first. */
  sleepMs: z.int().min(0).max(3_600_000),
  failTimes: z.int().min(0).max(100),
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

/** A trial's complete hyperparameters (benchmark defaults merged with overrides). */
export const hyperSchema = z.strictObject({
  epochs: hyperFields.epochs,
  batchSize: hyperFields.batchSize,
  lr: hyperFields.lr,
  optimizer: hyperFields.optimizer,
  momentum: hyperFields.momentum.optional(),
  weightDecay: hyperFields.weightDecay.optional(),
  trainLimit: hyperFields.trainLimit.optional(),
  testLimit: hyperFields.testLimit.optional(),
  sleepMs: hyperFields.sleepMs.optional(),
  failTimes: hyperFields.failTimes.optional(),
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
