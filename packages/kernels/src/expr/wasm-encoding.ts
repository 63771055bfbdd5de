// The pieces of the WebAssembly binary format our hand-assembled SIMD modules use: LEB128
// numbers, sections, the SIMD opcodes, and a one-function module that imports the tfjs wasm
// backend's memory. Shared by the activation kernels (emit-wasm-simd.ts) and the training
// kernels (training/).

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Core instructions (single byte). */
export const INSTR = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f32Store: 0x38,
  i32Load16U: 0x2f,
  i32Store16: 0x3b,
  i32Const: 0x41,
  f32Const: 0x43,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32LeU: 0x4d,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivU: 0x6e,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f32Add: 0x92,
  f32Mul: 0x94,
  f64Add: 0xa0,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
  /** block type "empty" */
  void: 0x40,
} as const;

const SIMD_PREFIX = 0xfd;
/** SIMD opcodes (u32 LEB128 after the 0xfd prefix). */
export const SIMD_OP = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  f32x4Splat: 0x13,
  f32x4ExtractLane: 0x1f,
  v128Not: 0x4d,
  v128And: 0x4e,
  v128AndNot: 0x4f,
  v128Or: 0x50,
  bitselect: 0x52,
  i32x4Splat: 0x11,
  i32x4Eq: 0x37,
  i32x4Bitmask: 0xa4,
  f32x4Eq: 0x41,
  f32x4Lt: 0x43,
  f32x4Gt: 0x44,
  f32x4Nearest: 0x6a,
  i32x4Shl: 0xab,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4Sub: 0xb1,
  i32x4TruncSatF32x4S: 0xf8,
  f32x4ConvertI32x4S: 0xfa,
  f32x4Abs: 0xe0,
  f32x4Neg: 0xe1,
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  // pmin/pmax (a < b ? ... ) compile to single minps/maxps; min/max would add NaN/-0 fix-ups.
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2ExtractLane: 0x21,
  f64x2Add: 0xf0,
  f64x2PromoteLowF32x4: 0x5f,
  i32x4Shuffle: 0x0d,
} as const;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const str = (s: string): number[] => [
  ...uleb(s.length),
  ...Array.from(s, (c) => c.charCodeAt(0)),
];
export const section = (id: number, body: number[]): number[] => [
  id,
  ...uleb(body.length),
  ...body,
];
export const simd = (op: number): number[] => [SIMD_PREFIX, ...uleb(op)];
export const localGet = (index: number): number[] => [INSTR.localGet, ...uleb(index)];
export const localSet = (index: number): number[] => [INSTR.localSet, ...uleb(index)];
/** v128.load / v128.store with alignment 2^0: tfjs' allocations are not 16-byte aligned. */
export const v128Load = (offset = 0): number[] => [...simd(SIMD_OP.load), 0x00, ...uleb(offset)];
export const v128Store = (offset = 0): number[] => [...simd(SIMD_OP.store), 0x00, ...uleb(offset)];
/** One float32 at address + offset, in all four lanes. */
export const v128Load32Splat = (offset = 0): number[] => [...simd(SIMD_OP.load32Splat), 0x02, ...uleb(offset)];
export const f32Load = (offset = 0): number[] => [INSTR.f32Load, 0x02, ...uleb(offset)];
export const f32Store = (offset = 0): number[] => [INSTR.f32Store, 0x02, ...uleb(offset)];

export function splatConst(value: number): number[] {
  const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  return [...simd(SIMD_OP.const), ...bytes];
}

/**
 * A module with one exported function `run` of the given signature, importing env.memory.
 * `locals` are [count, type] groups; `code` is the body's instructions, without the final end.
 */
export function oneFunctionModule(
  signature: { params: number[]; results: number[] },
  locals: Array<[number, number]>,
  code: number[],
): Uint8Array<ArrayBuffer> {
  const localDecl = [
    ...uleb(locals.length),
    ...locals.flatMap(([count, type]) => [...uleb(count), type]),
  ];
  const func = [...localDecl, ...code, INSTR.end];
  const type = [
    0x60,
    ...uleb(signature.params.length),
    ...signature.params,
    ...uleb(signature.results.length),
    ...signature.results,
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, ...type]),
    ...section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, 0x00]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str("run"), 0x00, 0]),
    ...section(10, [1, ...uleb(func.length), ...func]),
  ]);
}
