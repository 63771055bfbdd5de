// Why: conv and dense layers add their bias through GemSweepBiasAdd on wasm instead of tf.add; this
// times both, with a same-shape add and a ReLU pass for scale, on the small CNN's and ResNet's shapes.
//
// npx tsx packages/kernels/bench/bench-bias-add.ts [--reps 50]
// Prints median wall ms per shape, then one JSON line.
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { biasAdd, loadBackend } from "../src/index.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "50" } } });
const reps = Number(values.reps);
await loadBackend("wasm");

/** Median wall ms of f (its result disposed), after 5 warm-up calls. */
function median(f: () => tf.Tensor): number {
  for (let i = 0; i < 5; i++) f().dispose();
  const times = Array.from({ length: reps }, () => {
    const t0 = performance.now();
    f().dispose();
    return performance.now() - t0;
  });
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

const rows = [];
for (const shape of [[128, 28, 28, 16], [128, 14, 14, 32], [128, 32, 32, 16], [128, 128]]) {
  const x = tf.randomNormal(shape);
  const other = tf.randomNormal(shape);
  const bias = tf.randomNormal([shape[shape.length - 1]!]) as tf.Tensor1D;
  const row = {
    shape: shape.join("x"),
    biasAdd: median(() => biasAdd(x, bias)),
    tfAddBroadcast: median(() => tf.add(x, bias)),
    tfAddSameShape: median(() => tf.add(x, other)),
    relu: median(() => tf.relu(x)),
  };
  rows.push(row);
  console.log(`${row.shape.padEnd(16)} GemSweepBiasAdd ${row.biasAdd.toFixed(3)} ms, tf.add broadcast ${row.tfAddBroadcast.toFixed(3)}, tf.add same shape ${row.tfAddSameShape.toFixed(3)}, relu ${row.relu.toFixed(3)}`);
  tf.dispose([x, other, bias]);
}
console.log(JSON.stringify({ bench: "bias-add", reps, rows }));
