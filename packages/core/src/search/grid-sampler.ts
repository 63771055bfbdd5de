// Why: a tuning stage whose hyperparameters are all grid axes, with no budget, runs the whole
// grid: every setting once, in the grid's order.
import { axisCombinations, type TunedDimension } from "../overrides/hyper-space.js";
import type { SweptValues } from "../overrides/swept-values.js";

/** Every setting of the tuned axes (ranges are not a grid: the spec requires a budget for them). */
export class GridSampler {
  readonly name = "grid";

  settings(dims: readonly TunedDimension[]): SweptValues[] {
    if (dims.some((d) => d.kind === "range")) throw new RangeError("a grid cannot enumerate a range; sample it");
    return axisCombinations(dims.map((d) => ({ key: d.key, values: d.kind === "axis" ? d.values : [] })));
  }
}
