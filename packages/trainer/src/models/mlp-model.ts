import * as tf from "@tensorflow/tfjs";
import { dense } from "../ops/dense.js";
import type { Rng } from "../rng.js";
import type { ForwardContext, Model, ModelInput } from "./model.js";
import { ParamFactory } from "./param-factory.js";

export interface MlpConfig {
  inputSize: number;
  hidden: number[];
  outputs: number;
  /** Initial bias of the hidden layers (a large negative value kills ReLU units: health tests). */
  hiddenBias?: number;
}

/** Fully connected net: dense -> act for each hidden layer, then a linear classifier. */
export function buildMlp(cfg: MlpConfig, rng: Rng): Model {
  const f = new ParamFactory(rng);
  const sizes = [cfg.inputSize, ...cfg.hidden, cfg.outputs];
  const layers: Array<{ w: tf.Variable; b: tf.Variable }> = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i]!;
    const hidden = i + 1 < sizes.length - 1;
    layers.push({
      w: f.he(`dense${i}/w`, [fanIn, sizes[i + 1]!], fanIn),
      b: f.constant(`dense${i}/b`, [sizes[i + 1]!], hidden ? (cfg.hiddenBias ?? 0) : 0),
    });
  }
  return {
    name: `mlp-${sizes.join("-")}`,
    params: f.params,
    state: f.state,
    forward(input: ModelInput, ctx: ForwardContext): tf.Tensor2D {
      let h = tf.reshape(input.x, [input.x.shape[0]!, cfg.inputSize]) as tf.Tensor2D;
      layers.forEach((layer, i) => {
        h = dense(h, layer.w as tf.Tensor2D, layer.b as tf.Tensor1D, i === 0 ? { inputIsData: true, ...(input.xT ? { xT: input.xT } : {}) } : {});
        if (i + 1 < layers.length) h = ctx.act(h, `dense${i}`) as tf.Tensor2D;
      });
      return h;
    },
    dispose: () => f.dispose(),
  };
}
