import { type Optimizer as OptimizerName } from "@gemsweep/contracts";
import * as tf from "@tensorflow/tfjs";
import { ADAM_UPDATE_KERNEL, adamUpdate, adamUpdateTensors, MOMENTUM_UPDATE_KERNEL, momentumUpdateTensors } from "@gemsweep/kernels";
import type { NamedVariable } from "../models/model.js";
import { backingArray, hasBackingArrays } from "../ops/backing-array.js";

// The optimizers of core's catalog, with their state held as named tensors so a checkpoint can
// save and restore it exactly. On wasm / cpu the whole update (weight decay, moments, bias
// correction, the step and the gradient norm) runs as one loop over each parameter's storage
// (Adam/AdamW: the kernels package's GemSweepAdamUpdate, SIMD on wasm; the others a JS loop here);
// elsewhere (webgpu, tensorflow) on the device, nothing read back: Adam/AdamW and momentum as
// GemSweepAdamUpdate / GemSweepMomentumUpdate where the backend has them (webgpu: one WGSL program
// per parameter), the rest as tfjs ops.

export interface OptimizerConfig {
  name: OptimizerName;
  lr: number;
  momentum?: number;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

const SLOTS: Record<OptimizerName, string[]> = {
  sgd: [],
  momentum: ["velocity"],
  adam: ["m", "v"],
  adamw: ["m", "v"],
  rmsprop: ["ms"],
};

export class Optimizer {
  /** Number of updates applied so far (Adam's bias correction). */
  step = 0;
  /** The rate of the next update: starts at config.lr, set before each step by a schedule. */
  lr: number;
  private readonly slots = new Map<string, tf.Variable[]>();

  constructor(readonly config: OptimizerConfig) {
    this.lr = config.lr;
  }

  private slotsFor(p: NamedVariable): tf.Variable[] {
    let s = this.slots.get(p.name);
    if (!s) {
      s = SLOTS[this.config.name].map(() => {
        const zeros = tf.zerosLike(p.variable);
        const slot = tf.variable(zeros, false);
        zeros.dispose();
        return slot;
      });
      this.slots.set(p.name, s);
    }
    return s;
  }

  /** The state to checkpoint: one entry per (parameter, slot), in a stable order. */
  stateTensors(params: NamedVariable[]): Array<{ name: string; tensor: tf.Variable }> {
    const out: Array<{ name: string; tensor: tf.Variable }> = [];
    for (const p of params) {
      this.slotsFor(p).forEach((t, i) => out.push({ name: `${p.name}/${SLOTS[this.config.name][i]}`, tensor: t }));
    }
    return out;
  }

  /**
   * Queues one update and returns the gradients' global L2 norm (NaN/Inf if they are not finite)
   * as a scalar tensor, unread: on a device backend the update and the norm stay on the device
   * until the caller reads the norm, with whatever else it reads that step.
   */
  applyQueued(params: NamedVariable[], grads: tf.Tensor[]): tf.Scalar {
    this.step += 1;
    return hasBackingArrays() ? tf.scalar(this.applyFused(params, grads)) : this.applyOnDevice(params, grads);
  }

  /** applyQueued, then the norm read back (tests; the trainer reads it with the loss). */
  async apply(params: NamedVariable[], grads: tf.Tensor[]): Promise<number> {
    const norm = this.applyQueued(params, grads);
    const value = (await norm.data())[0]!;
    norm.dispose();
    return value;
  }

  /** The config with its defaults, and this step's bias corrections (Adam). */
  private stepConstants() {
    const { name } = this.config;
    const lr = this.lr;
    const b1 = this.config.beta1 ?? 0.9;
    const b2 = this.config.beta2 ?? 0.999;
    return {
      name,
      lr,
      wd: this.config.weightDecay ?? 0,
      mom: this.config.momentum ?? 0.9,
      b1,
      b2,
      eps: this.config.epsilon ?? (name === "rmsprop" ? 1e-7 : 1e-8),
      bc1: 1 - Math.pow(b1, this.step),
      bc2: 1 - Math.pow(b2, this.step),
    };
  }

  private applyFused(params: NamedVariable[], grads: tf.Tensor[]): number {
    const { name, lr, wd, mom, b1, b2, eps, bc1, bc2 } = this.stepConstants();
    let sumSq = 0;
    const adamKernel = name === "adam" || name === "adamw";
    params.forEach((p, idx) => {
      const slots = this.slotsFor(p);
      const gradT = grads[idx]!;
      const decay = p.decay ? wd : 0;
      const l2 = name === "adamw" ? 0 : decay;
      const adam = { b1, b2, stepLr: lr / bc1, bc2, eps, l2, decoupled: name === "adamw" ? 1 - lr * decay : 1 };
      if (adamKernel) {
        const { next, sumSq: paramSumSq } = adamUpdate(gradT, p.variable, slots[0]!, slots[1]!, adam);
        sumSq += paramSumSq;
        p.variable.assign(next);
        next.dispose();
        return;
      }
      const n = gradT.size;
      // Views are taken right before the loop: allocating on the wasm heap can move it.
      const g = backingArray(gradT)!;
      const w = backingArray(p.variable)!;
      const out = new Float32Array(n);
      if (name === "sgd") {
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          sumSq += gi * gi;
          const wi = w[i]!;
          out[i] = wi - lr * (gi + l2 * wi);
        }
      } else if (name === "momentum") {
        const v = backingArray(slots[0]!)!;
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          sumSq += gi * gi;
          const wi = w[i]!;
          const vi = mom * v[i]! + gi + l2 * wi;
          v[i] = vi;
          out[i] = wi - lr * vi;
        }
      } else if (name === "rmsprop") {
        const ms = backingArray(slots[0]!)!;
        for (let i = 0; i < n; i++) {
          const gi0 = g[i]!;
          sumSq += gi0 * gi0;
          const wi = w[i]!;
          const gi = gi0 + l2 * wi;
          const si = 0.9 * ms[i]! + 0.1 * gi * gi;
          ms[i] = si;
          out[i] = wi - (lr * gi) / Math.sqrt(si + eps);
        }
      }
      // A new tensor (not an in-place write): the wasm matMul caches packed weights per tensor.
      const next = tf.tensor(out, p.variable.shape, "float32");
      p.variable.assign(next);
      next.dispose();
    });
    return Math.sqrt(sumSq);
  }

  private applyOnDevice(params: NamedVariable[], grads: tf.Tensor[]): tf.Scalar {
    const { name, lr, wd, mom, b1, b2, eps, bc1, bc2 } = this.stepConstants();
    const backend = tf.getBackend();
    const adam = (name === "adam" || name === "adamw") && tf.getKernel(ADAM_UPDATE_KERNEL, backend) !== undefined;
    if (adam || (name === "momentum" && tf.getKernel(MOMENTUM_UPDATE_KERNEL, backend) !== undefined)) {
      // One program per parameter; the norm is the sum of the programs' partial sums of g^2.
      const partials = params.map((p, idx) => {
        const slots = this.slotsFor(p);
        const decay = p.decay ? wd : 0;
        const { next, sumSqPartials } = adam
          ? adamUpdateTensors(grads[idx]!, p.variable, slots[0]!, slots[1]!, { b1, b2, stepLr: lr / bc1, bc2, eps, l2: name === "adamw" ? 0 : decay, decoupled: name === "adamw" ? 1 - lr * decay : 1 })
          : momentumUpdateTensors(grads[idx]!, p.variable, slots[0]!, { lr, momentum: mom, l2: decay });
        p.variable.assign(next);
        next.dispose();
        return sumSqPartials;
      });
      const norm = tf.tidy(() => tf.sqrt(tf.sum(partials.length === 1 ? partials[0]! : tf.concat(partials))) as tf.Scalar);
      tf.dispose(partials);
      return norm;
    }
    // Summed pairwise, not with addN: webgpu's AddN binds every input at once, and more than 8
    // parameters exceed WebGPU's default limit of storage buffers per shader.
    const norm = tf.tidy(() => tf.sqrt(grads.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))) as tf.Scalar);
    params.forEach((p, idx) => {
      const slots = this.slotsFor(p);
      tf.tidy(() => {
        const w = p.variable;
        const decay = p.decay ? wd : 0;
        let g = grads[idx]!;
        if (name !== "adamw" && decay > 0) g = tf.add(g, tf.mul(w, decay));
        let next: tf.Tensor;
        if (name === "sgd") next = tf.sub(w, tf.mul(g, lr));
        else if (name === "momentum") {
          const v = tf.add(tf.mul(slots[0]!, mom), g);
          slots[0]!.assign(v);
          next = tf.sub(w, tf.mul(v, lr));
        } else if (name === "rmsprop") {
          const s = tf.add(tf.mul(slots[0]!, 0.9), tf.mul(tf.square(g), 0.1));
          slots[0]!.assign(s);
          next = tf.sub(w, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(s, eps))));
        } else {
          const m = tf.add(tf.mul(slots[0]!, b1), tf.mul(g, 1 - b1));
          const v = tf.add(tf.mul(slots[1]!, b2), tf.mul(tf.square(g), 1 - b2));
          slots[0]!.assign(m);
          slots[1]!.assign(v);
          const base = name === "adamw" ? tf.mul(w, 1 - lr * decay) : w;
          next = tf.sub(base, tf.div(tf.mul(m, lr / bc1), tf.add(tf.sqrt(tf.div(v, bc2)), eps)));
        }
        w.assign(next);
      });
    });
    return norm;
  }

  dispose(): void {
    for (const s of this.slots.values()) for (const t of s) t.dispose();
    this.slots.clear();
  }
}
