// ResNet's option-A shortcut (He et al. 2016): subsample by the block's stride and zero-pad the new
// channels. One kernel on wasm / cpu (GemSweepDownsampleShortcut); tf ops elsewhere.
import * as tf from "@tensorflow/tfjs";
import { DOWNSAMPLE_SHORTCUT_KERNEL, downsampleShortcut } from "@gemsweep/kernels";

/** x[:, ::2, ::2, :] whose gradient interleaves zeros with reshapes + concat (no StridedSlice grad on tfjs). */
function subsample2(x: tf.Tensor4D): tf.Tensor4D {
  const f = tf.customGrad((xx) => {
    const t = xx as tf.Tensor4D;
    const [b, h, w, c] = t.shape;
    const value = tf.stridedSlice(t, [0, 0, 0, 0], [b, h, w, c], [1, 2, 2, 1]) as tf.Tensor4D;
    return {
      value,
      gradFunc: (dy) => {
        const g = dy as tf.Tensor4D;
        const [, ho, wo] = g.shape;
        const g6 = tf.reshape(g, [b, ho, 1, wo, 1, c]);
        const row = tf.concat([g6, tf.zerosLike(g6)], 4);
        const full = tf.concat([row, tf.zerosLike(row)], 2);
        return tf.reshape(full, [b, h, w, c]);
      },
    };
  });
  return f(x) as tf.Tensor4D;
}

/** The shortcut of a block from cin to cout channels with stride 1 or 2 (cout >= cin). */
export function optionAShortcut(x: tf.Tensor4D, stride: 1 | 2, cout: number): tf.Tensor4D {
  const extra = cout - x.shape[3];
  if (stride === 1 && extra === 0) return x;
  const padBefore = Math.floor(extra / 2);
  if (tf.getKernel(DOWNSAMPLE_SHORTCUT_KERNEL, tf.getBackend())) return downsampleShortcut(x, { stride, padBefore, padAfter: extra - padBefore });
  const sub = stride === 2 ? subsample2(x) : x;
  return extra > 0 ? tf.pad(sub, [[0, 0], [0, 0], [0, 0], [padBefore, extra - padBefore]]) : sub;
}
