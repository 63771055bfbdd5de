import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, trainTrial } from "../src/index.js";

// onEpoch returning false: the caller lost the trial (another worker took it over and this epoch
// was not recorded), so the run stops at once and writes no checkpoint the new owner resumes from.
const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-abandon-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an abandoned trial", () => {
  it("stops after the refused epoch and leaves the checkpoint of the last accepted one", async () => {
    const checkpointDir = path.join(dir, "trial");
    const seen: number[] = [];
    const result = await trainTrial(
      { benchmark: "sleep", activation: { name: "relu" }, hyper: { epochs: 4, sleepMs: 5 }, seed: 0, checkpointDir },
      { onEpoch: (m) => (seen.push(m.epoch), m.epoch < 2) },
    );
    expect(result.status).toBe("stopped");
    expect(result.reason).toMatch(/abandoned after epoch 2/);
    expect(seen).toEqual([1, 2]);
    expect(loadCheckpoint(checkpointDir).meta.epoch).toBe(1);
  });
});
