// ResNet's option-A shortcut as one kernel and its gradient (GemSweepDownsampleShortcut,
// GemSweepDownsampleShortcutGrad): take every stride-th pixel and zero-pad the channels. As
// tfjs ops (a strided slice, then a pad) it took ~50 ms a call on wasm, one strided copy here.
import * as tf from "@tensorflow/tfjs";

export const DOWNSAMPLE_SHORTCUT_KERNEL = "GemSweepDownsampleShortcut";
export const DOWNSAMPLE_SHORTCUT_GRAD_KERNEL = "GemSweepDownsampleShortcutGrad";

export interface DownsampleShortcutAttrs {
  stride: number;
  /** zero channels before and after x's channels */
  padBefore: number;
  padAfter: number;
}

/** [b, ceil(h / stride), ceil(w / stride), c + padBefore + padAfter] */
export function downsampleShortcutShape(xShape: readonly number[], a: DownsampleShortcutAttrs): number[] {
  const [b, h, w, c] = xShape as [number, number, number, number];
  return [b, Math.ceil(h / a.stride), Math.ceil(w / a.stride), c + a.padBefore + a.padAfter];
}

/**
 * Copies between x [b, h, w, c] (every stride-th pixel) and y [b, ho, wo, cy] (channels padBefore..):
 * forward y <- x, backward x <- y. The other elements of the destination are left as they are (zeroed by the caller).
 */
export function downsampleShortcutCopy(x: Float32Array, xShape: readonly number[], y: Float32Array, a: DownsampleShortcutAttrs, direction: "forward" | "backward"): void {
  const [b, h, w, c] = xShape as [number, number, number, number];
  const [, ho, wo, cy] = downsampleShortcutShape(xShape, a) as [number, number, number, number];
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const xi = ((n * h + oy * a.stride) * w + ox * a.stride) * c;
        const yi = ((n * ho + oy) * wo + ox) * cy + a.padBefore;
        if (direction === "forward") for (let ch = 0; ch < c; ch++) y[yi + ch] = x[xi + ch]!;
        else for (let ch = 0; ch < c; ch++) x[xi + ch] = y[yi + ch]!;
      }
    }
  }
}

/** x[:, ::stride, ::stride, :] with padBefore / padAfter zero channels around its own. */
export function downsampleShortcut(x: tf.Tensor4D, attrs: DownsampleShortcutAttrs): tf.Tensor4D {
  return tf.engine().runKernel(DOWNSAMPLE_SHORTCUT_KERNEL, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** The shortcut's gradient: dy's own channels routed back to the pixels they came from, zeros elsewhere. */
export const downsampleShortcutGradConfig: tf.GradConfig = {
  kernelName: DOWNSAMPLE_SHORTCUT_KERNEL,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.engine().runKernel(DOWNSAMPLE_SHORTCUT_GRAD_KERNEL, { dy: dy as tf.Tensor }, { ...attrs, inputShape: x.shape }) as tf.Tensor };
  },
};
