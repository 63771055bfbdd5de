// Why: a worker says in one line which backend and device it chose and records them; `--backend gpu` without a hardware GPU fails at start instead of training on the CPU.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@gemsweep/db";
import { exited, gemsweep, REPO_ROOT, startWorker } from "../../../tests/support/gemsweep-cli.js";

const prisma = createPrismaClient(process.env.DATABASE_URL!);

afterAll(async () => {
  await prisma.$disconnect();
});

describe("the worker's backend at start", () => {
  it("prints one line with the backend and device it chose, and registers both", async () => {
    const id = `backend-line-${randomUUID()}`;
    const worker = startWorker(["--backend", "cpu"], {
      GEMSWEEP_QUEUE: `backend-line-${randomUUID()}`,
      GEMSWEEP_WORKER_ID: id,
    });
    await worker.ready;
    const lines = worker
      .output()
      .split("\n")
      .filter((l) => l.startsWith(`worker ${id}: backend `));
    expect(lines).toEqual([
      `worker ${id}: backend cpu on JavaScript on ${os.cpus()[0]?.model ?? "CPU"} (asked for --backend cpu)`,
    ]);
    const row = await prisma.worker.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      backend: "cpu",
      device: `JavaScript on ${os.cpus()[0]?.model ?? "CPU"}`,
    });
    worker.child.kill("SIGTERM");
    expect(await exited(worker.child)).toBe(0);
  });

  // Where Dawn finds only lavapipe (or nothing), as on this project's machines; a GPU host skips it.
  it.skipIf(hardwareGpuHere())(
    "--backend gpu without a hardware GPU exits 1 with the reason, and registers nothing",
    async () => {
      const id = `backend-gpu-${randomUUID()}`;
      const result = await gemsweep(["worker", "--backend", "gpu"], {
        GEMSWEEP_QUEUE: `backend-gpu-${randomUUID()}`,
        GEMSWEEP_WORKER_ID: id,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("error: --backend gpu found no hardware GPU here.");
      expect(result.stderr).toMatch(
        /WebGPU \(npm webgpu\): (the only WebGPU adapter is a software one|no WebGPU adapter found|the webgpu backend needs)/,
      );
      expect(result.stdout).not.toContain("ready:");
      expect(await prisma.worker.findUnique({ where: { id } })).toBeNull();
    },
  );
});

/** Whether Dawn finds a hardware adapter here (then `--backend gpu` would start). */
function hardwareGpuHere(): boolean {
  return (
    spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts/webgpu-adapter.mjs"), "--hardware"])
      .status === 0
  );
}
