import * as tf from "@tensorflow/tfjs";
import { topoOrder, type ElementwiseProgram } from "./expr.js";

/** Evaluates a program with stock tf ops: the fallback for backends without our kernels. */
export function evalWithTfOps(program: ElementwiseProgram, inputs: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    const values = new Map<number, tf.Tensor>();
    const get = (id: number): tf.Tensor => values.get(id) as tf.Tensor;
    for (const e of topoOrder([program.output])) {
      let v: tf.Tensor;
      switch (e.kind) {
        case "input": {
          const t = inputs[e.index];
          if (!t) throw new Error(`program input ${e.index} missing`);
          v = t;
          break;
        }
        case "const":
          v = tf.scalar(e.value, "float32");
          break;
        case "unary": {
          const a = get(e.a.id);
          v =
            e.op === "abs" ? tf.abs(a)
            : e.op === "neg" ? tf.neg(a)
            : e.op === "exp" ? tf.exp(a)
            : e.op === "log" ? tf.log(a)
            : e.op === "log1p" ? tf.log1p(a)
            : e.op === "tanh" ? tf.tanh(a)
            : tf.sqrt(a);
          break;
        }
        case "binary": {
          const a = get(e.a.id);
          const b = get(e.b.id);
          v =
            e.op === "add" ? tf.add(a, b)
            : e.op === "sub" ? tf.sub(a, b)
            : e.op === "mul" ? tf.mul(a, b)
            : e.op === "div" ? tf.div(a, b)
            : e.op === "max" ? tf.maximum(a, b)
            : tf.minimum(a, b);
          break;
        }
        case "select": {
          const cond = tf.greater(get(e.cond.id), 0);
          const then = get(e.then.id);
          const otherwise = get(e.otherwise.id);
          const shape = tf.broadcast_util.assertAndGetBroadcastShape(
            tf.broadcast_util.assertAndGetBroadcastShape(cond.shape, then.shape),
            otherwise.shape,
          );
          v = tf.where(tf.broadcastTo(cond, shape), tf.broadcastTo(then, shape), tf.broadcastTo(otherwise, shape));
          break;
        }
      }
      values.set(e.id, v);
    }
    const out = get(program.output.id);
    // A program whose output is an input or a constant still has to give a fresh tensor of x's shape.
    const kind = program.output.kind;
    return kind === "input" || kind === "const" ? tf.add(out, tf.zerosLike(inputs[0] as tf.Tensor)) : out;
  });
}
