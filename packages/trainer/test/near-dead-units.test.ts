import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { activationHealth, overallDeadFraction, overallNearDeadFraction, type LayerHealth } from "../src/index.js";
import type { Model } from "../src/models/model.js";
import { useWasm } from "./helpers/backend.js";

/**
 * Two sites whose pre-activations are given by hand, so each unit's verdict is known:
 * - site "dense" [100 rows, 4 units]: u0 negative on 99 rows (exactly 99%: near-dead),
 *   u1 on 98 (not), u2 on all 100 (near-dead; dead under ReLU), u3 exactly 0 everywhere
 *   (not negative, so not near-dead; dead under ReLU: output and derivative 0);
 * - site "conv" [2 examples, 3 positions, 3 channels] = 6 rows: c0 negative on 6 (near-dead,
 *   dead under ReLU), c1 on 5 of 6 (83%: not), c2 exactly 0 (dead under ReLU only).
 */
function handModel(): Model {
  const dense = tf.tensor2d(
    Array.from({ length: 100 }, (_, r) => [r < 99 ? -1 : 2, r < 98 ? -0.5 : 0.5, -3 - r, 0]),
  );
  const conv = tf.tensor3d([
    [[-1, -1, 0], [-2, -1, 0], [-3, -1, 0]],
    [[-4, -1, 0], [-5, -1, 0], [-6, 4, 0]],
  ]);
  return {
    name: "hand",
    params: [],
    state: [],
    forward(_input, ctx) {
      ctx.act(dense, "dense");
      ctx.act(conv, "conv");
      return tf.zeros([1, 1]) as tf.Tensor2D;
    },
    dispose() {
      dense.dispose();
      conv.dispose();
    },
  };
}

async function healthOf(act: (x: tf.Tensor) => tf.Tensor): Promise<LayerHealth[]> {
  const model = handModel();
  const input = { x: tf.zeros([1, 1]) };
  try {
    return await activationHealth(model, input, act);
  } finally {
    model.dispose();
    input.x.dispose();
  }
}

describe("near-dead units (pre-activation negative on >= 99% of the health batch)", () => {
  beforeAll(useWasm);

  it("counts per site and overall as computed by hand, under ReLU", async () => {
    const health = await healthOf((x) => tf.relu(x));
    expect(health).toEqual([
      { site: "dense", units: 4, deadUnits: 2, deadFraction: 2 / 4, nearDeadUnits: 2, nearDeadFraction: 2 / 4 },
      { site: "conv", units: 3, deadUnits: 2, deadFraction: 2 / 3, nearDeadUnits: 1, nearDeadFraction: 1 / 3 },
    ]);
    expect(overallDeadFraction(health)).toBeCloseTo(4 / 7, 12);
    expect(overallNearDeadFraction(health)).toBeCloseTo(3 / 7, 12);
  });

  it("is not zero by construction for a leaky activation, whose dead fraction is", async () => {
    const health = await healthOf((x) => tf.leakyRelu(x, 0.01));
    expect(health.map((h) => [h.deadUnits, h.nearDeadUnits])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(overallDeadFraction(health)).toBe(0);
    expect(overallNearDeadFraction(health)).toBeCloseTo(3 / 7, 12);
  });
});
