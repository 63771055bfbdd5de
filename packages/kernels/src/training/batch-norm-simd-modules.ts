// Batch norm's five passes over an NHWC tensor as per-channel SIMD programs (see
// per-channel-simd-module.ts): two reductions and a scale-and-shift forward, one reduction and one
// three-coefficient pass backward. They replace ~20 tfjs ops (moments, broadcasts, sums over the
// leading axes, which tfjs-wasm runs as a transpose and a reduction).
import { localGet as get, localSet as set, simd, SIMD_OP as S } from "../expr/wasm-encoding.js";
import type { PerChannelProgram } from "./per-channel-simd-module.js";

const [add, sub, mul] = [simd(S.f32x4Add), simd(S.f32x4Sub), simd(S.f32x4Mul)];

/** sum[c] += x */
export const channelSums: PerChannelProgram = {
  pixelInputs: 1,
  channelInputs: 0,
  sums: 1,
  writesPixels: false,
  groupVectors: 4,
  body: (pixel, _channel, sum) => [...get(sum(0)), ...pixel(0), ...add, ...set(sum(0))],
};

/** sum[c] += (x - mean)^2 */
export const centeredSquares: PerChannelProgram = {
  pixelInputs: 1,
  channelInputs: 1,
  sums: 1,
  writesPixels: false,
  groupVectors: 4,
  body: (pixel, channel, sum, temp) => [...pixel(0), ...channel(0), ...sub, ...set(temp(0)), ...get(sum(0)), ...get(temp(0)), ...get(temp(0)), ...mul, ...add, ...set(sum(0))],
};

/** y = x * scale + shift */
export const scaleShift: PerChannelProgram = {
  pixelInputs: 1,
  channelInputs: 2,
  sums: 0,
  writesPixels: true,
  groupVectors: 4,
  body: (pixel, channel) => [...pixel(0), ...channel(0), ...mul, ...channel(1), ...add],
};

/** s1[c] += dy; s2[c] += dy * (x - mean) (inputs dy, x) */
export const gradientSums: PerChannelProgram = {
  pixelInputs: 2,
  channelInputs: 1,
  sums: 2,
  writesPixels: false,
  groupVectors: 2,
  body: (pixel, channel, sum, temp) => [
    ...pixel(0), ...set(temp(0)),
    ...get(sum(0)), ...get(temp(0)), ...add, ...set(sum(0)),
    ...get(sum(1)), ...get(temp(0)), ...pixel(1), ...channel(0), ...sub, ...mul, ...add, ...set(sum(1)),
  ],
};

/** dx = a * dy + b * x + d (inputs dy, x) */
export const inputGradient: PerChannelProgram = {
  pixelInputs: 2,
  channelInputs: 3,
  sums: 0,
  writesPixels: true,
  groupVectors: 2,
  body: (pixel, channel) => [...channel(0), ...pixel(0), ...mul, ...channel(1), ...pixel(1), ...mul, ...add, ...channel(2), ...add],
};
