import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, trainTrial } from "../src/index.js";
import { trySaveCheckpoint } from "../src/train/checkpoint.js";

// A checkpoint that cannot be written (a full disk) must not fail the trial: results live in the
// database, and a resume starts from the previous checkpoint, which stays intact.
const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-ckpt-fail-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const meta = (epoch: number) => ({ benchmark: "sleep", seed: 0, activation: { name: "relu" }, epoch, optimizerStep: 0, rngState: [1, 2, 3, 4] as [number, number, number, number], epochs: [] });

describe("checkpoints that cannot be written", () => {
  it("a trial whose checkpoints all fail still completes, and says which it skipped", async () => {
    const blocked = path.join(dir, "a-file");
    writeFileSync(blocked, "not a folder");
    const skipped: Array<[number, string]> = [];
    const result = await trainTrial(
      { benchmark: "sleep", activation: { name: "relu" }, hyper: { epochs: 3, sleepMs: 5 }, seed: 0, checkpointDir: path.join(blocked, "trial") },
      { onCheckpointSkipped: (error, epoch) => void skipped.push([epoch, (error as NodeJS.ErrnoException).code ?? error.message]) },
    );
    expect(result.status).toBe("completed");
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(skipped.map(([epoch]) => epoch)).toEqual([1, 2]); // none after the last epoch
    expect(skipped[0]![1]).toMatch(/ENOTDIR|EEXIST/);
  });

  it("a failed write leaves the previous checkpoint intact and no temporary file behind", async () => {
    const trialDir = path.join(dir, "trial");
    await saveCheckpoint(trialDir, meta(1), []);
    mkdirSync(path.join(trialDir, "checkpoint.json.tmp")); // the json write now fails (EISDIR), after the bin's
    const error = await trySaveCheckpoint(trialDir, meta(2), []);
    expect((error as NodeJS.ErrnoException).code).toBe("EISDIR");
    expect(existsSync(path.join(trialDir, "checkpoint.bin.tmp"))).toBe(false);
    expect(hasCheckpoint(trialDir)).toBe(true);
    expect(loadCheckpoint(trialDir).meta.epoch).toBe(1);
  });
});
