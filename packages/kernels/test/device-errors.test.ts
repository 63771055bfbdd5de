import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { loadBackend, takeDeviceError } from "../src/index.js";
import { testBackends } from "./backends.js";

// A program the device rejects computes nothing and throws nothing (tfjs reads zeros back):
// the webgpu backend's uncaptured errors must reach takeDeviceError, which the trainer checks.
const backends = await testBackends();

describe.skipIf(!backends.includes("webgpu"))("device errors on webgpu", () => {
  afterAll(() => loadBackend("cpu"));

  it("a rejected program is reported once, with the device's message", async () => {
    await loadBackend("webgpu");
    takeDeviceError();
    // 12 inputs bind 13 storage buffers: over WebGPU's default per-shader limit of 8
    const sum = tf.addN(Array.from({ length: 12 }, (_, i) => tf.fill([4], i + 1)));
    const read = Array.from(await sum.data());
    await new Promise((resolve) => setTimeout(resolve, 50)); // the event follows the failed submit
    const error = takeDeviceError();
    expect(error, `addN read back ${read.join(",")} without an error`).toMatch(/storage buffers/);
    expect(takeDeviceError()).toBeUndefined();
  });

  it("a valid program leaves no error", async () => {
    await loadBackend("webgpu");
    takeDeviceError();
    const sum = tf.addN([tf.fill([4], 1), tf.fill([4], 2)]);
    expect(Array.from(await sum.data())).toEqual([3, 3, 3, 3]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(takeDeviceError()).toBeUndefined();
  });
});
