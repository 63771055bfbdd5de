import type { PlannedTrial } from "../expand.js";
import { mulberry32 } from "./prng.js";
import { missingTrials } from "./trials-of-config.js";
import type { SearchSpace, SearchStrategy } from "./search-strategy.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

export interface RandomSearchOptions {
  /** Activation configs to sample from the grid (besides the baseline). */
  samples: number;
  seed?: number;
}

/**
 * Samples `samples` activation configs from the grid with a seeded PRNG, and runs each on every
 * benchmark and seed (rows stay complete, so paired tests work), plus the baseline row.
 */
export class RandomSearchStrategy implements SearchStrategy {
  readonly name = "random";
  readonly samples: number;
  readonly seed: number;

  constructor(options: RandomSearchOptions) {
    if (!Number.isInteger(options.samples) || options.samples < 1)
      throw new RangeError("samples must be an integer >= 1");
    this.samples = options.samples;
    this.seed = options.seed ?? 0;
  }

  /** The sampled activation keys (baseline included), in the grid's order. */
  selectedKeys(space: SearchSpace): Set<string> {
    const keys: string[] = [];
    for (const c of space.configs) if (!keys.includes(c.activationKey)) keys.push(c.activationKey);
    const pool = keys.filter((k) => k !== space.baselineKey);
    // Partial Fisher-Yates over the grid order: the first `samples` slots are the sample.
    const rand = mulberry32(this.seed);
    const take = Math.min(this.samples, pool.length);
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(rand() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return new Set([space.baselineKey, ...pool.slice(0, take)]);
  }

  suggest(space: SearchSpace, trials: readonly TrialSnapshot[]): PlannedTrial[] {
    const selected = this.selectedKeys(space);
    return missingTrials(
      space.configs.filter((c) => selected.has(c.activationKey)),
      space.seeds,
      trials,
      space.tuning,
    );
  }
}
