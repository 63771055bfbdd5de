import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../rng.js";

// Why: dropout must not break paired, reproducible runs: each mask's seed is drawn from the
// trial's own dropout stream (saved in every checkpoint), so one seed gives the same masks for
// every activation and a resumed run continues the same masks.

/** Inverted dropout at `rate` (kept units scaled by 1 / (1 - rate)), one fresh seed per call. */
export function seededDropout(rate: number, rng: Rng): (x: tf.Tensor, site: string) => tf.Tensor {
  return (x) => tf.dropout(x, rate, undefined, rng.nextU32());
}
