// tanh and log1p on webgpu go through lower-tanh-log1p.ts (WGSL's tanh and log are only absolutely
// accurate near 0 and 1, and compilers may fold a rounding correction away): each is checked here on
// its own, over both signs and many decades, where Mish exercises only part of their range.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBackend } from "../src/index.js";
import { ExprBuilder, type Expr } from "../src/expr/expr.js";
import { ElementwiseWebGPUProgram } from "../src/kernels/webgpu-kernels.js";
import { testBackends } from "./backends.js";
import { read } from "./read.js";

const backends = await testBackends();

type WebGPUBackend = { runWebGPUProgram(program: ElementwiseWebGPUProgram, inputs: tf.TensorInfo[], dtype: "float32"): tf.TensorInfo };

/** op(x) for each x, by a one-node program through the same WGSL path as the kernels. */
async function runUnary(op: (b: ExprBuilder, x: Expr) => Expr, key: string, x: number[]): Promise<Float32Array> {
  const b = new ExprBuilder();
  const program = new ElementwiseWebGPUProgram([x.length], { inputs: ["x"], output: op(b, b.input(0)) }, `test_${key}`);
  const xt = tf.tensor1d(x);
  const out = (tf.backend() as unknown as WebGPUBackend).runWebGPUProgram(program, [xt], "float32");
  xt.dispose();
  return read(tf.engine().makeTensorFromTensorInfo(out));
}

/** ±10^k for k from lo to hi in steps of 1/50, and 0. */
function decades(lo: number, hi: number): number[] {
  const pos = Array.from({ length: (hi - lo) * 50 + 1 }, (_, i) => Math.fround(10 ** (lo + i / 50)));
  return [0, ...pos, ...pos.map((v) => -v)];
}

function worstRelative(got: Float32Array, x: number[], f: (x: number) => number): { rel: number; at: number } {
  let worst = { rel: 0, at: NaN };
  x.forEach((v, i) => {
    const e = f(v);
    const rel = e === 0 ? Math.abs(got[i] as number) : Math.abs((got[i] as number) - e) / Math.abs(e);
    if (!(rel <= worst.rel)) worst = { rel, at: v };
  });
  return worst;
}

describe.skipIf(!backends.includes("webgpu"))("WGSL tanh and log1p on webgpu", () => {
  beforeAll(() => loadBackend("webgpu"));
  afterAll(() => loadBackend("cpu"));

  // WGSL allows its exp and log 3 ulps (3.6e-7 relative); lavapipe measured at most 1.9e-7 for both
  // spelled-out functions. Its own tanh was off by 6.6e-5 at x = 6e-4, and 3e-8 absolute at 1e-13.
  const rtol = 5e-7;

  it("tanh: relative error within a few ulps from 1e-30 to 1e3, and +-1 beyond", async () => {
    const x = [...decades(-30, 3), 1e10, -1e10, 3.4e38, -3.4e38];
    const { rel, at } = worstRelative(await runUnary((b, v) => b.tanh(v), "tanh", x), x, Math.tanh);
    expect(rel, `worst at x=${at}`).toBeLessThanOrEqual(rtol);
  });

  it("log1p: relative error within a few ulps for x in (-1, 3e38], log1p(-1) = -inf", async () => {
    const small = decades(-30, 0).filter((v) => v > -1);
    const near = Array.from({ length: 1001 }, (_, i) => Math.fround(-1 + 1e-3 + i * 1e-3));
    const x = [...small, ...near, ...decades(0, 38).filter((v) => v > 0 && v < 3.4e38)];
    const { rel, at } = worstRelative(await runUnary((b, v) => b.log1p(v), "log1p", x), x, Math.log1p);
    expect(rel, `worst at x=${at}`).toBeLessThanOrEqual(rtol);
    expect(Array.from(await runUnary((b, v) => b.log1p(v), "log1p", [-1]))).toEqual([-Infinity]);
  });
});
