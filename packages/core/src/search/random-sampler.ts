// Why: a tuning stage draws its settings from the tuned hyperparameters' axes and ranges with
// a seeded PRNG, so the same spec and seed give the same settings on every machine and rerun.
import { axisCombinationCount, axisCombinations, type TunedDimension } from "../overrides/hyper-space.js";
import { sweptKeySuffix, type SweptValues } from "../overrides/swept-values.js";
import { mulberry32 } from "./prng.js";

/** Significant digits a sampled float keeps (readable labels; far finer than any lr matters). */
export const SAMPLE_DIGITS = 4;

/** How many times a duplicate draw is redrawn before it is kept (only tiny integer ranges repeat). */
const REDRAWS = 20;

/**
 * Random search over the tuned dimensions: a grid axis is drawn uniformly from its values, a
 * range uniformly (or log-uniformly with `log`) between min and max, integers stay integers.
 * When every dimension is an axis the settings are drawn from the grid without replacement.
 */
export class RandomSampler {
  readonly name = "random";

  constructor(readonly seed: number) {}

  settings(dims: readonly TunedDimension[], count: number): SweptValues[] {
    const rand = mulberry32(this.seed);
    if (dims.every((d) => d.kind === "axis")) {
      const grid = axisCombinations(dims.map((d) => ({ key: d.key, values: d.kind === "axis" ? d.values : [] })));
      if (count > grid.length) throw new RangeError(`${count} settings asked of a grid of ${grid.length}`);
      // Partial Fisher-Yates: the first `count` slots are the sample, in the order drawn.
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(rand() * (grid.length - i));
        [grid[i], grid[j]] = [grid[j]!, grid[i]!];
      }
      return grid.slice(0, count);
    }
    const out: SweptValues[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      let point = drawPoint(dims, rand);
      for (let tries = 0; tries < REDRAWS && seen.has(sweptKeySuffix(point)); tries++) point = drawPoint(dims, rand);
      seen.add(sweptKeySuffix(point));
      out.push(point);
    }
    return out;
  }

  /** The settings the dimensions hold at most when they are all axes (a budget above it is refused). */
  static gridSize(dims: readonly TunedDimension[]): number | null {
    return dims.every((d) => d.kind === "axis") ? axisCombinationCount(dims.map((d) => ({ values: d.kind === "axis" ? d.values : [] }))) : null;
  }
}

function drawPoint(dims: readonly TunedDimension[], rand: () => number): SweptValues {
  const point: Record<string, unknown> = {};
  for (const d of dims) {
    if (d.kind === "axis") {
      point[d.key] = d.values[Math.min(d.values.length - 1, Math.floor(rand() * d.values.length))];
      continue;
    }
    const { min, max, log } = d.range;
    const u = rand();
    if (d.int) {
      const x = log ? Math.exp(Math.log(min) + u * (Math.log(max + 1) - Math.log(min))) : min + u * (max - min + 1);
      point[d.key] = Math.min(max, Math.max(min, Math.floor(x)));
    } else {
      const x = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
      point[d.key] = Math.min(max, Math.max(min, Number(x.toPrecision(SAMPLE_DIGITS))));
    }
  }
  return point as SweptValues;
}
