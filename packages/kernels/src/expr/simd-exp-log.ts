// exp and log on four float32 lanes, as WebAssembly SIMD instruction sequences: Cephes' expf and
// logf (S. L. Moshier), range reduction by the exponent bits and a short polynomial, about 1 ulp.
// WebAssembly has no instruction for either; without them every activation built on exp (GELU,
// Swish, Mish, GELU-tanh) ran as a scalar JS loop, 15-65 ns per element forward against ~0.35 for GEM.
// Plain multiply and add (no fused multiply-add), so the results do not depend on GEMSWEEP_WASM_FMA.
import { INSTR as I, localGet as get, localSet as set, SIMD_OP as S, simd, splatConst } from "./wasm-encoding.js";

/** Four copies of an int32, as a v128 constant. */
function splatI32(value: number): number[] {
  return [...simd(S.const), ...new Uint8Array(new Int32Array([value, value, value, value]).buffer)];
}

/**
 * The polynomial c0 x^(n-1) + ... + c(n-1) (coefficients highest power first) with x in local `x`
 * and x^2 in local `x2`, as pairs (c(n-2) x + c(n-1)), (c(n-4) x + c(n-3)), ... combined by
 * Horner's rule in x^2: half the dependency chain of Horner's rule in x, so the vector units are
 * not waiting on latency (bench:kernels on wasm: Mish 12.3 -> 10.2 ns/element forward, GELU 3.9
 * -> 3.6). Leaves it on the stack.
 */
function pairwise(coeffs: readonly number[], x: number, x2: number): number[] {
  const low = [...coeffs].reverse(); // low[i] multiplies x^i
  const pairs = Array.from({ length: Math.ceil(low.length / 2) }, (_, j) =>
    2 * j + 1 < low.length ? [...get(x), ...splatConst(low[2 * j + 1] as number), ...simd(S.f32x4Mul), ...splatConst(low[2 * j] as number), ...simd(S.f32x4Add)] : splatConst(low[2 * j] as number),
  );
  // p0 + x2 (p1 + x2 (p2 + ...))
  return pairs.reduceRight((inner, pair) => [...pair, ...get(x2), ...inner, ...simd(S.f32x4Mul), ...simd(S.f32x4Add)]);
}

/** 2^n for an int32 vector n in [-126, 127] on the stack: (n + 127) << 23 read as float32. */
const pow2 = (): number[] => [...splatI32(127), ...simd(S.i32x4Add), I.i32Const, 23, ...simd(S.i32x4Shl)];

const LOG2E = Math.LOG2E;
/** ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 significant bits, so n LN2_HI is exact for |n| < 2^15. */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
/** Cephes expf: exp(r) = 1 + r + r^2 P(r) on |r| <= ln2 / 2. */
const EXP_POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * exp(x), x pushed by `x` (a cheap, repeatable instruction sequence such as a local.get), result
 * on the stack; uses the four v128 locals in `scratch`. exp(x) = 2^n exp(r), n = round(x log2 e).
 * x is clamped to [-110, 89], past both ends of float32's range, and 2^n is applied as two
 * factors 2^(n >> 1) 2^(n - (n >> 1)), each a normal number, so overflow gives +Infinity and the
 * far left gives denormals, then 0, as the float64 function rounded would. NaN stays NaN (pmin
 * and pmax return their first operand when a comparison is false).
 */
export function simdExp(x: number[], scratch: readonly number[]): number[] {
  const [X, N, R, Z] = scratch as [number, number, number, number];
  return [
    ...x, ...splatConst(89), ...simd(S.f32x4Pmin), ...splatConst(-110), ...simd(S.f32x4Pmax), ...set(X),
    ...get(X), ...splatConst(LOG2E), ...simd(S.f32x4Mul), ...simd(S.f32x4Nearest), ...set(N),
    // r = (x - n LN2_HI) - n LN2_LO
    ...get(X), ...get(N), ...splatConst(LN2_HI), ...simd(S.f32x4Mul), ...simd(S.f32x4Sub),
    ...get(N), ...splatConst(LN2_LO), ...simd(S.f32x4Mul), ...simd(S.f32x4Sub), ...set(R),
    ...get(R), ...get(R), ...simd(S.f32x4Mul), ...set(Z),
    // p = P(r) r^2 + r + 1
    ...pairwise(EXP_POLY, R, Z), ...get(Z), ...simd(S.f32x4Mul), ...get(R), ...simd(S.f32x4Add), ...splatConst(1), ...simd(S.f32x4Add),
    // n as int32, halves in X (n >> 1) and N (n - (n >> 1))
    ...get(N), ...simd(S.i32x4TruncSatF32x4S), ...set(N),
    ...get(N), I.i32Const, 1, ...simd(S.i32x4ShrS), ...set(X),
    ...get(N), ...get(X), ...simd(S.i32x4Sub), ...set(N),
    ...get(X), ...pow2(), ...simd(S.f32x4Mul),
    ...get(N), ...pow2(), ...simd(S.f32x4Mul),
  ];
}

const SQRT1_2 = Math.SQRT1_2;
const MIN_NORMAL = 2 ** -126;
/** Cephes logf: log(1 + m) = m - m^2/2 + m^3 P(m) on m in [sqrt(1/2) - 1, sqrt(2) - 1]. */
const LOG_POLY = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1,
  -2.4999993993e-1, 3.3333331174e-1,
];

/**
 * log(x), as simdExp (five scratch locals). x = 2^e m with m in [sqrt(1/2), sqrt(2)) read from the
 * exponent and mantissa bits (denormals are scaled by 2^23 first); log x = e ln 2 + log(m).
 * log(0) = -Infinity, log(negative) = NaN, log(Infinity) = Infinity, NaN stays NaN.
 */
export function simdLog(x: number[], scratch: readonly number[]): number[] {
  const [X, E, M, Z, T] = scratch as [number, number, number, number, number];
  const bitselect = (then: number[], otherwise: number[], mask: number[]) => [...then, ...otherwise, ...mask, ...simd(S.bitselect)];
  const below = (a: number[], b: number[]) => [...a, ...b, ...simd(S.f32x4Lt)];
  return [
    // denormals: X = x 2^23 and e starts at -23
    ...below(x, splatConst(MIN_NORMAL)), ...set(T),
    ...bitselect([...x, ...splatConst(2 ** 23), ...simd(S.f32x4Mul)], x, get(T)), ...set(X),
    ...bitselect(splatConst(-23), splatConst(0), get(T)), ...set(E),
    // e += exponent bits - 126; m = mantissa bits with exponent -1, in [0.5, 1)
    ...get(E), ...get(X), I.i32Const, 23, ...simd(S.i32x4ShrU), ...splatI32(126), ...simd(S.i32x4Sub), ...simd(S.f32x4ConvertI32x4S), ...simd(S.f32x4Add), ...set(E),
    ...get(X), ...splatI32(0x007fffff), ...simd(S.v128And), ...splatI32(0x3f000000), ...simd(S.v128Or), ...set(M),
    // m < sqrt(1/2): e -= 1, m = 2m - 1; otherwise m = m - 1
    ...below(get(M), splatConst(SQRT1_2)), ...set(T),
    ...get(E), ...get(T), ...splatConst(1), ...simd(S.v128And), ...simd(S.f32x4Sub), ...set(E),
    ...get(M), ...splatConst(1), ...simd(S.f32x4Sub), ...get(M), ...get(T), ...simd(S.v128And), ...simd(S.f32x4Add), ...set(M),
    ...get(M), ...get(M), ...simd(S.f32x4Mul), ...set(Z),
    // log = m + (m z P(m) + e LN2_LO - z/2) + e LN2_HI
    ...get(M),
    ...get(M), ...get(Z), ...simd(S.f32x4Mul), ...pairwise(LOG_POLY, M, Z), ...simd(S.f32x4Mul),
    ...get(E), ...splatConst(LN2_LO), ...simd(S.f32x4Mul), ...simd(S.f32x4Add),
    ...get(Z), ...splatConst(0.5), ...simd(S.f32x4Mul), ...simd(S.f32x4Sub),
    ...simd(S.f32x4Add),
    ...get(E), ...splatConst(LN2_HI), ...simd(S.f32x4Mul), ...simd(S.f32x4Add), ...set(T),
    // x = Infinity or NaN: x itself; x = ±0: -Infinity; x < 0: NaN
    ...bitselect(get(T), x, below(x, splatConst(Infinity))), ...set(T),
    ...bitselect(splatConst(-Infinity), get(T), [...x, ...splatConst(0), ...simd(S.f32x4Eq)]), ...set(T),
    ...bitselect(splatConst(NaN), get(T), below(x, splatConst(0))),
  ];
}
