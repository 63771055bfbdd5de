import * as tf from "@tensorflow/tfjs";
import { conv2d } from "../ops/conv2d.js";
import { dense } from "../ops/dense.js";
import { batchNorm } from "../ops/normalization.js";
import { optionAShortcut } from "../ops/option-a-shortcut.js";
import type { Rng } from "../rng.js";
import type { ForwardContext, Model, ModelInput } from "./model.js";
import { ParamFactory } from "./param-factory.js";

export interface ResnetConfig {
  /** 6n + 2: 20, 32, 44, 56, 110. */
  depth: number;
  classes: number;
}

/** CIFAR ResNet of He et al. 2016 (sec. 4.2): 3 stages of n basic blocks, 16/32/64 filters,
 * batch norm, option-A shortcuts (subsample + zero channels), global average pool, linear. */
export function buildCifarResnet(cfg: ResnetConfig, rng: Rng): Model {
  if ((cfg.depth - 2) % 6 !== 0) throw new Error(`ResNet depth must be 6n+2, got ${cfg.depth}`);
  const n = (cfg.depth - 2) / 6;
  const f = new ParamFactory(rng);
  const bn = (name: string, c: number) => ({
    gamma: f.constant(`${name}/gamma`, [c], 1),
    beta: f.constant(`${name}/beta`, [c], 0),
    mean: f.stateConstant(`${name}/mean`, [c], 0),
    variance: f.stateConstant(`${name}/variance`, [c], 1),
  });
  const stem = { w: f.he("stem/w", [3, 3, 3, 16], 27), bn: bn("stem/bn", 16) };
  const blocks: Array<{ name: string; stride: 1 | 2; cin: number; cout: number; w1: tf.Variable; bn1: ReturnType<typeof bn>; w2: tf.Variable; bn2: ReturnType<typeof bn> }> = [];
  let cin = 16;
  for (let stage = 0; stage < 3; stage++) {
    const cout = 16 << stage;
    for (let i = 0; i < n; i++) {
      const name = `s${stage + 1}b${i + 1}`;
      const stride: 1 | 2 = stage > 0 && i === 0 ? 2 : 1;
      blocks.push({
        name,
        stride,
        cin,
        cout,
        w1: f.he(`${name}/conv1/w`, [3, 3, cin, cout], 9 * cin),
        bn1: bn(`${name}/bn1`, cout),
        w2: f.he(`${name}/conv2/w`, [3, 3, cout, cout], 9 * cout),
        bn2: bn(`${name}/bn2`, cout),
      });
      cin = cout;
    }
  }
  const fcW = f.normal("fc/w", [64, cfg.classes], Math.sqrt(1 / 64));
  const fcB = f.constant("fc/b", [cfg.classes], 0);

  const norm = (x: tf.Tensor, p: ReturnType<typeof bn>, ctx: ForwardContext) => {
    const r = batchNorm(x, p.gamma as tf.Tensor1D, p.beta as tf.Tensor1D, { mean: p.mean, variance: p.variance }, ctx.training);
    if (ctx.training && r.mean && r.variance) {
      ctx.stateUpdates.push({ variable: p.mean, value: r.mean }, { variable: p.variance, value: r.variance });
    }
    return r.y;
  };

  return {
    name: `resnet${cfg.depth}`,
    params: f.params,
    state: f.state,
    forward(input: ModelInput, ctx: ForwardContext): tf.Tensor2D {
      const x = input.x as tf.Tensor4D;
      let h = ctx.act(norm(conv2d(x, stem.w as tf.Tensor4D, { inputIsData: true }), stem.bn, ctx), "stem") as tf.Tensor4D;
      for (const b of blocks) {
        let o = conv2d(h, b.w1 as tf.Tensor4D, { stride: b.stride });
        o = ctx.act(norm(o, b.bn1, ctx), `${b.name}/act1`) as tf.Tensor4D;
        o = norm(conv2d(o, b.w2 as tf.Tensor4D), b.bn2, ctx) as tf.Tensor4D;
        h = ctx.act(tf.add(o, optionAShortcut(h, b.stride, b.cout)), `${b.name}/act2`) as tf.Tensor4D;
      }
      const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return dense(pooled, fcW as tf.Tensor2D, fcB as tf.Tensor1D);
    },
    dispose: () => f.dispose(),
  };
}
