// Structured loops as WebAssembly bytecode, so the training kernels' nested loops read as loops
// rather than as raw block/loop/br_if bytes.
import { INSTR as I, localGet, localSet, sleb, uleb } from "./wasm-encoding.js";

/** `counter` = its value - 1 after each pass of `body`, until 0: the body runs `counter` times (must be >= 1). */
export function countdown(counter: number, body: number[]): number[] {
  // prettier-ignore
  return [
    I.loop, I.void,
    ...body,
    ...localGet(counter), I.i32Const, ...sleb(1), I.i32Sub, I.localTee, ...uleb(counter), I.brIf, 0,
    I.end,
  ];
}

/** while (condition) body; `condition` leaves an i32 on the stack. */
export function whileLoop(condition: number[], body: number[]): number[] {
  // prettier-ignore
  return [
    I.block, I.void, I.loop, I.void,
    ...condition, I.i32Eqz, I.brIf, 1,
    ...body,
    I.br, 0,
    I.end, I.end,
  ];
}

/** if (condition) then [else otherwise]; `condition` leaves an i32 on the stack. */
export function ifThen(condition: number[], then: number[], otherwise: number[] = []): number[] {
  return [...condition, I.if, I.void, ...then, ...(otherwise.length ? [I.else, ...otherwise] : []), I.end];
}

/** local += value (an i32 constant). */
export function addConst(local: number, value: number): number[] {
  return [...localGet(local), I.i32Const, ...sleb(value), I.i32Add, ...localSet(local)];
}

/** local += another local (i32). */
export function addLocal(local: number, other: number): number[] {
  return [...localGet(local), ...localGet(other), I.i32Add, ...localSet(local)];
}

/** An i32 constant. */
export const i32 = (value: number): number[] => [I.i32Const, ...sleb(value)];
