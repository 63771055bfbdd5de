// Why: `--backend gpu` must use a hardware GPU or fail with a clear error; a software adapter (lavapipe) or the CPU never stands in for it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { BackendUnavailableError, loadBackend } from "../src/index.js";

const ADAPTER_PROBE = path.resolve(import.meta.dirname, "../../../scripts/webgpu-adapter.mjs");

/** What Dawn finds here, asked in a child process: a hardware adapter, a software one, or none. */
function adapterHere(): "hardware" | "software" | "none" {
  const probe = spawnSync(process.execPath, [ADAPTER_PROBE], { encoding: "utf8" });
  if (probe.status !== 0) return "none";
  return (JSON.parse(probe.stdout.trim().split("\n").pop()!) as { software: boolean }).software
    ? "software"
    : "hardware";
}

describe("loadBackend('gpu')", () => {
  const adapter = adapterHere();

  it.runIf(adapter !== "hardware")(
    `fails with a clear error where no hardware GPU exists (here: ${adapter} adapter) and selects no backend`,
    async () => {
      await loadBackend("cpu");
      const error = await loadBackend("gpu").then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackendUnavailableError);
      const { backend, message } = error as BackendUnavailableError;
      expect(backend).toBe("gpu");
      expect(message).toMatch(/^--backend gpu found no hardware GPU here\./);
      expect(message).toContain(
        "CUDA (@tensorflow/tfjs-node-gpu): @tensorflow/tfjs-node-gpu is not installed",
      );
      if (adapter === "software")
        expect(message).toContain(
          "WebGPU (npm webgpu): the only WebGPU adapter is a software one (",
        );
      else
        expect(message).toMatch(
          /WebGPU \(npm webgpu\): (no WebGPU adapter found|the webgpu backend needs the npm package `webgpu`)/,
        );
      expect(message).toContain("--backend auto");
      expect(tf.getBackend()).toBe("cpu"); // nothing was switched to behind the caller's back
    },
  );

  it.runIf(adapter === "software")(
    "the same software adapter is used when webgpu is asked for by name",
    async () => {
      const loaded = await loadBackend("webgpu");
      expect(loaded.backend).toBe("webgpu");
      expect(loaded.device).toContain("(software adapter)");
      await loadBackend("cpu");
    },
  );

  it.runIf(adapter === "hardware")("takes the hardware adapter on a GPU host", async () => {
    const loaded = await loadBackend("gpu");
    expect(["webgpu", "tensorflow"]).toContain(loaded.backend);
    expect(loaded.device).not.toContain("software");
  });
});
