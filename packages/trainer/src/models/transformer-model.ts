import * as tf from "@tensorflow/tfjs";
import { batchMatMul, dense, denseNd } from "../ops/dense.js";
import { layerNorm } from "../ops/normalization.js";
import { hasBackingArrays } from "../ops/backing-array.js";
import type { Rng } from "../rng.js";
import type { ForwardContext, Model, ModelInput } from "./model.js";
import { ParamFactory } from "./param-factory.js";

export interface TransformerConfig {
  /** Causal decoder (GPT) or bidirectional encoder (BERT, masked LM). */
  causal: boolean;
  layers: number;
  dModel: number;
  heads: number;
  /** Sequence length. */
  context: number;
  vocabSize: number;
  mlpRatio?: number;
  /** Keep only the most frequent tokens (+ <unk>) of the corpus: a CPU-sized output layer. */
  maxVocab?: number;
}

/** A 2-layer decoder small enough to train on two CPU cores. */
export const LM_TINY: TransformerConfig = { causal: true, layers: 2, dModel: 128, heads: 4, context: 64, vocabSize: 4096, maxVocab: 4096 };
/** GPT-2 small: 12 layers, d=768, 12 heads, context 1024, 50,257 tokens: 124M parameters (tied head). */
export const GPT2_124M: TransformerConfig = { causal: true, layers: 12, dModel: 768, heads: 12, context: 1024, vocabSize: 50257 };
/** BERT-small (Turc et al. 2019: L=4, H=512, A=8), masked LM over GPT-2 BPE + [MASK]. */
export const BERT_SMALL: TransformerConfig = { causal: false, layers: 4, dModel: 512, heads: 8, context: 128, vocabSize: 50258 };

/**
 * Row gather. tfjs' gather gradient needs UnsortedSegmentSum, which wasm lacks: there (and on cpu,
 * where storage is readable at once) the gradient scatters in JS; a device backend keeps tfjs' own.
 */
function embedding(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  if (!hasBackingArrays()) return tf.gather(table, ids);
  const f = tf.customGrad((tbl, idsIn, save) => {
    const t = tbl as tf.Tensor2D;
    // ids travel as an input and are saved: a closed-over tensor is disposed before the backward.
    (save as tf.GradSaveFunc)([idsIn as tf.Tensor]);
    return {
      value: tf.gather(t, idsIn as tf.Tensor1D),
      gradFunc: (dy, saved) => {
        const [v, d] = t.shape;
        const g = (dy as tf.Tensor).dataSync() as Float32Array;
        const idx = saved[0]!.dataSync();
        const out = new Float32Array(v * d);
        for (let r = 0; r < idx.length; r++) {
          const dst = idx[r]! * d;
          const src = r * d;
          for (let j = 0; j < d; j++) out[dst + j]! += g[src + j]!;
        }
        return [tf.tensor2d(out, [v, d]), tf.zerosLike(saved[0]!)];
      },
    };
  });
  return f(table, ids) as tf.Tensor2D;
}

/** GPT-style decoder (pre-LN, tied output embedding) or BERT-style encoder; the MLP's nonlinearity is injected. */
export function buildTransformer(cfg: TransformerConfig, rng: Rng): Model {
  const f = new ParamFactory(rng);
  const d = cfg.dModel;
  const hidden = d * (cfg.mlpRatio ?? 4);
  const std = 0.02;
  const projStd = 0.02 / Math.sqrt(2 * cfg.layers);
  const wte = f.normal("wte", [cfg.vocabSize, d], std);
  const wpe = f.normal("wpe", [cfg.context, d], 0.01);
  const ln = (name: string) => ({ g: f.constant(`${name}/g`, [d], 1), b: f.constant(`${name}/b`, [d], 0) });
  const blocks = Array.from({ length: cfg.layers }, (_, i) => ({
    ln1: ln(`h${i}/ln1`),
    wqkv: f.normal(`h${i}/attn/wqkv`, [d, 3 * d], std),
    bqkv: f.constant(`h${i}/attn/bqkv`, [3 * d], 0),
    wo: f.normal(`h${i}/attn/wo`, [d, d], projStd),
    bo: f.constant(`h${i}/attn/bo`, [d], 0),
    ln2: ln(`h${i}/ln2`),
    w1: f.normal(`h${i}/mlp/w1`, [d, hidden], std),
    b1: f.constant(`h${i}/mlp/b1`, [hidden], 0),
    w2: f.normal(`h${i}/mlp/w2`, [hidden, d], projStd),
    b2: f.constant(`h${i}/mlp/b2`, [d], 0),
  }));
  const lnf = ln("ln_f");
  const dh = d / cfg.heads;
  if (!Number.isInteger(dh)) throw new Error(`dModel ${d} is not divisible by ${cfg.heads} heads`);
  let mask: tf.Tensor | undefined;

  return {
    name: `${cfg.causal ? "gpt" : "bert"}-L${cfg.layers}-d${d}-h${cfg.heads}`,
    params: f.params,
    state: f.state,
    forward(input: ModelInput, ctx: ForwardContext): tf.Tensor2D {
      const [B, T] = input.x.shape as [number, number];
      const ids = tf.reshape(input.x, [B * T]) as tf.Tensor1D;
      // Dropout sites as GPT-2 / BERT place them: embeddings, attention weights, each residual branch.
      const drop = (x: tf.Tensor, site: string) => (ctx.dropout ? ctx.dropout(x, site) : x);
      let h = drop(tf.add(tf.reshape(embedding(wte as tf.Tensor2D, ids), [B, T, d]), tf.slice(wpe, [0, 0], [T, d])), "embed");
      if (cfg.causal && (!mask || mask.shape[0] !== T)) {
        mask?.dispose();
        mask = tf.tidy(() => tf.keep(tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9)));
      }
      blocks.forEach((blk, i) => {
        const a = layerNorm(h, blk.ln1.g as tf.Tensor1D, blk.ln1.b as tf.Tensor1D);
        const qkv = tf.reshape(denseNd(a, blk.wqkv as tf.Tensor2D, blk.bqkv as tf.Tensor1D), [B, T, 3, cfg.heads, dh]);
        const heads = (j: number) => tf.reshape(tf.transpose(tf.reshape(tf.slice(qkv, [0, 0, j, 0, 0], [B, T, 1, cfg.heads, dh]), [B, T, cfg.heads, dh]), [0, 2, 1, 3]), [B * cfg.heads, T, dh]);
        const q = heads(0);
        const k = heads(1);
        const v = heads(2);
        let scores = tf.mul(batchMatMul(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(dh));
        if (cfg.causal && mask) scores = tf.add(scores, mask);
        const att = batchMatMul(drop(tf.softmax(scores), `h${i}/attn`), v);
        const merged = tf.reshape(tf.transpose(tf.reshape(att, [B, cfg.heads, T, dh]), [0, 2, 1, 3]), [B, T, d]);
        h = tf.add(h, drop(denseNd(merged, blk.wo as tf.Tensor2D, blk.bo as tf.Tensor1D), `h${i}/attn-out`));
        const m = layerNorm(h, blk.ln2.g as tf.Tensor1D, blk.ln2.b as tf.Tensor1D);
        const inner = ctx.act(denseNd(m, blk.w1 as tf.Tensor2D, blk.b1 as tf.Tensor1D), `h${i}/mlp`);
        h = tf.add(h, drop(denseNd(inner, blk.w2 as tf.Tensor2D, blk.b2 as tf.Tensor1D), `h${i}/mlp-out`));
      });
      const out = layerNorm(h, lnf.g as tf.Tensor1D, lnf.b as tf.Tensor1D);
      // Tied output layer: logits = h wte^T, with the transpose explicit (fast on wasm).
      return dense(tf.reshape(out, [B * T, d]) as tf.Tensor2D, tf.transpose(wte) as tf.Tensor2D, undefined);
    },
    dispose: () => {
      mask?.dispose();
      f.dispose();
    },
  };
}
