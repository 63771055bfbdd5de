import * as tf from "@tensorflow/tfjs";
import { conv2dBias } from "../ops/conv2d.js";
import { dense } from "../ops/dense.js";
import { maxPool2x2 } from "../ops/max-pool.js";
import type { Rng } from "../rng.js";
import type { ForwardContext, Model, ModelInput } from "./model.js";
import { ParamFactory } from "./param-factory.js";

export interface CnnConfig {
  height: number;
  width: number;
  channels: number;
  classes: number;
  /** Filters of the two convolutions (each followed by act and 2x2 max-pool). */
  filters: [number, number];
  hidden: number;
  /** Square kernel size of both convolutions ('same' padding); default 3. */
  kernel?: number;
}

/** The small CNN: conv-act-pool, conv-act-pool, dense-act, [dropout], dense. */
export function buildCnn(cfg: CnnConfig, rng: Rng): Model {
  const f = new ParamFactory(rng);
  const [c1, c2] = cfg.filters;
  const k = cfg.kernel ?? 3;
  const w1 = f.he("conv1/w", [k, k, cfg.channels, c1], k * k * cfg.channels);
  const b1 = f.constant("conv1/b", [c1], 0);
  const w2 = f.he("conv2/w", [k, k, c1, c2], k * k * c1);
  const b2 = f.constant("conv2/b", [c2], 0);
  const flat = Math.floor(cfg.height / 4) * Math.floor(cfg.width / 4) * c2;
  const w3 = f.he("dense1/w", [flat, cfg.hidden], flat);
  const b3 = f.constant("dense1/b", [cfg.hidden], 0);
  const w4 = f.he("dense2/w", [cfg.hidden, cfg.classes], cfg.hidden);
  const b4 = f.constant("dense2/b", [cfg.classes], 0);
  return {
    name: `cnn${k === 3 ? "" : `-k${k}`}-${c1}-${c2}-${cfg.hidden}`,
    params: f.params,
    state: f.state,
    forward(input: ModelInput, ctx: ForwardContext): tf.Tensor2D {
      const x = input.x as tf.Tensor4D;
      let h = ctx.act(conv2dBias(x, w1 as tf.Tensor4D, b1 as tf.Tensor1D, { inputIsData: true }), "conv1") as tf.Tensor4D;
      h = maxPool2x2(h);
      h = ctx.act(conv2dBias(h, w2 as tf.Tensor4D, b2 as tf.Tensor1D), "conv2") as tf.Tensor4D;
      h = maxPool2x2(h);
      const z = tf.reshape(h, [x.shape[0], flat]) as tf.Tensor2D;
      const a = ctx.act(dense(z, w3 as tf.Tensor2D, b3 as tf.Tensor1D), "dense1") as tf.Tensor2D;
      const d = (ctx.dropout ? ctx.dropout(a, "dense1") : a) as tf.Tensor2D;
      return dense(d, w4 as tf.Tensor2D, b4 as tf.Tensor1D);
    },
    dispose: () => f.dispose(),
  };
}
