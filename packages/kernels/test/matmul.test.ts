// GemSweepMatMul and its registered gradient on each backend that has it (wasm: the native addon
// where built, else the SIMD module, matmul-without-addon.test.ts; cpu: the JS loop) against
// tf.matMul and tfjs' own gradients on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadBackend, matMul } from "../src/index.js";
import { matMulModuleBytes } from "../src/training/matmul-simd-module.js";
import { randoms } from "./random-values.js";

const CASES: Array<{ name: string; m: number; k: number; n: number; transposeA: boolean; transposeB?: boolean }> = [
  { name: "128 x 784 by 784 x 256 (the MLP's first layer)", m: 128, k: 784, n: 256, transposeA: false },
  { name: "A^T B: 784 x 128 (stored) by 128 x 256 (its weight gradient)", m: 784, k: 128, n: 256, transposeA: true },
  { name: "odd rows, 12 columns (8-wide panels, then a 4-wide one)", m: 7, k: 5, n: 12, transposeA: false },
  { name: "A^T B with odd rows and 4 columns", m: 9, k: 3, n: 4, transposeA: true },
  { name: "10 columns (not a multiple of 4: on wasm the native addon where built, else the JS loop)", m: 6, k: 16, n: 10, transposeA: false },
  { name: "the MLP's last layer, 128 x 256 by 256 x 10, and its A^T B", m: 256, k: 128, n: 10, transposeA: true },
  { name: "A B^T: 128 x 256 by 256 x 256 stored [n, k] (a dense layer's dx = dy W^T)", m: 128, k: 256, n: 256, transposeA: false, transposeB: true },
  { name: "A B^T with odd sizes and 10 columns", m: 7, k: 5, n: 10, transposeA: false, transposeB: true },
  { name: "A^T B^T with odd rows and 12 columns", m: 9, k: 3, n: 12, transposeA: true, transposeB: true },
];

type Result = { c: Float32Array; da: Float32Array; db: Float32Array };

async function run(c: (typeof CASES)[number], ours: boolean): Promise<Result> {
  const aShape: [number, number] = c.transposeA ? [c.k, c.m] : [c.m, c.k];
  const a = tf.tensor2d(randoms(c.m * c.k, 1), aShape);
  const tB = c.transposeB === true;
  const b = tf.tensor2d(randoms(c.k * c.n, 2), tB ? [c.n, c.k] : [c.k, c.n]);
  const r = tf.tensor2d(randoms(c.m * c.n, 3), [c.m, c.n]);
  const f = (aa: tf.Tensor, bb: tf.Tensor) => (ours ? matMul(aa as tf.Tensor2D, bb as tf.Tensor2D, c.transposeA, tB) : tf.matMul(aa as tf.Tensor2D, bb as tf.Tensor2D, c.transposeA, tB));
  const y = f(a, b);
  const [da, db] = tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(aa, bb), r)))([a, b]);
  const read = async (t: tf.Tensor) => Float32Array.from(await t.data());
  const out = { c: await read(y), da: await read(da!), db: await read(db!) };
  tf.dispose([a, b, r, y, da!, db!]);
  return out;
}

describe("the matrix product kernel", () => {
  it("the wasm SIMD module is valid WebAssembly", () => {
    expect(WebAssembly.validate(matMulModuleBytes({ m: 5, n: 12, k: 3, transposeA: true }))).toBe(true);
  });

  for (const backend of ["wasm", "cpu"] as const) {
    for (const c of CASES) {
      it(`${backend}: ${c.name}: product and gradients match tf.matMul`, async () => {
        await loadBackend("cpu");
        const reference = await run(c, false);
        await loadBackend(backend);
        const ours = await run(c, true);
        for (const key of ["c", "da", "db"] as const) {
          const scale = reference[key].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          const bad = [...ours[key]].findIndex((v, i) => !(Math.abs(v - reference[key][i]!) <= 1e-5 * scale));
          expect(ours[key].length, key).toBe(reference[key].length);
          expect(bad, bad < 0 ? "" : `${key}[${bad}]: ${ours[key][bad]} vs ${reference[key][bad]}`).toBe(-1);
        }
      });
    }
  }
});
