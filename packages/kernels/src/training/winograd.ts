// Winograd's F(2x2, 3x3) (Lavin & Gray 2016): which convolutions take it, and its two transforms
// on the filter side, in JS (per call, ~cin * cout * 50 flops, small next to the products): U =
// G g G^T for the forward pass and the input gradient, dW = G^T M G for the filter gradient.
// The data transforms are WebAssembly SIMD modules (winograd-simd-modules.ts); the wasm kernels
// run the whole pass (kernels/winograd-conv.ts).
import type { DirectConvShape } from "./direct-conv-simd-module.js";

/**
 * A 3x3 stride-1 convolution writing a dense NHWC output with even rows and columns, channels
 * in fours: ResNet's and the Fashion-MNIST CNN's 'same' convolutions, and their input gradients.
 */
export function winogradApplies(s: DirectConvShape): boolean {
  return (
    s.kh === 3 &&
    s.kw === 3 &&
    s.stride === 1 &&
    s.cin % 4 === 0 &&
    s.cout % 4 === 0 &&
    s.outRows > 0 &&
    s.outCols > 0 &&
    s.outRows % 2 === 0 &&
    s.outCols % 2 === 0 &&
    s.outColStep === 1 &&
    s.outRowStep === s.outCols &&
    s.outImageStep === s.outRows * s.outCols &&
    s.inRows >= s.outRows + 2 &&
    s.inCols >= s.outCols + 2
  );
}

/**
 * u [16, cin, cout] = G g G^T for each (ci, co), from filter [3, 3, cin, cout];
 * G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]].
 */
export function winogradFilterTransform(filter: Float32Array, cin: number, cout: number, u: Float32Array): void {
  const plane = cin * cout;
  const g = new Float64Array(9);
  const gg = new Float64Array(12); // G g: 4 x 3
  for (let e = 0; e < plane; e++) {
    for (let t = 0; t < 9; t++) g[t] = filter[t * plane + e]!;
    for (let b = 0; b < 3; b++) {
      const [g0, g1, g2] = [g[b]!, g[3 + b]!, g[6 + b]!];
      gg[b] = g0;
      gg[3 + b] = (g0 + g1 + g2) / 2;
      gg[6 + b] = (g0 - g1 + g2) / 2;
      gg[9 + b] = g2;
    }
    for (let a = 0; a < 4; a++) {
      const [x0, x1, x2] = [gg[a * 3]!, gg[a * 3 + 1]!, gg[a * 3 + 2]!];
      u[(a * 4) * plane + e] = x0;
      u[(a * 4 + 1) * plane + e] = (x0 + x1 + x2) / 2;
      u[(a * 4 + 2) * plane + e] = (x0 - x1 + x2) / 2;
      u[(a * 4 + 3) * plane + e] = x2;
    }
  }
}

/**
 * dw [3, 3, cin, cout] = G^T m G for each (ci, co), from the summed products m [16, cin, cout]:
 * the filter gradient's output transform (the transpose of winogradFilterTransform's G g G^T).
 */
export function winogradFilterGradTransform(m: Float32Array, cin: number, cout: number, dw: Float32Array): void {
  const plane = cin * cout;
  const s = new Float64Array(12); // M G: 4 x 3
  for (let e = 0; e < plane; e++) {
    for (let p = 0; p < 4; p++) {
      const [m0, m1, m2, m3] = [m[(p * 4) * plane + e]!, m[(p * 4 + 1) * plane + e]!, m[(p * 4 + 2) * plane + e]!, m[(p * 4 + 3) * plane + e]!];
      s[p * 3] = m0 + (m1 + m2) / 2;
      s[p * 3 + 1] = (m1 - m2) / 2;
      s[p * 3 + 2] = (m1 + m2) / 2 + m3;
    }
    for (let b = 0; b < 3; b++) {
      const [s0, s1, s2, s3] = [s[b]!, s[3 + b]!, s[6 + b]!, s[9 + b]!];
      dw[b * plane + e] = s0 + (s1 + s2) / 2;
      dw[(3 + b) * plane + e] = (s1 - s2) / 2;
      dw[(6 + b) * plane + e] = (s1 + s2) / 2 + s3;
    }
  }
}
