import { afterAll, describe, expect, it } from "vitest";
import { exited, waitFor } from "../support/gemsweep-cli.js";
import { auditSweep, orchestratorFor, seconds, summaryLine, unique, WorkerPool } from "./support/reliability.js";

// Worker crashes and drains on the suite's shared Redis + PostgreSQL (each test on its own queue).
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

function setup() {
  const ctx = orchestratorFor(process.env.REDIS_URL!, process.env.DATABASE_URL!);
  const pool = new WorkerPool({ GEMSWEEP_QUEUE: ctx.queueName });
  closers.push(() => ctx.close(), () => pool.stopAll());
  return { ...ctx, pool };
}

describe("reliability: worker faults", () => {
  it("worker SIGKILL mid-trial: the trial is re-delivered to another worker, every trial completes exactly once", async () => {
    const { prisma, orchestrator, pool } = setup();
    const spec = { name: "chaos-worker-kill", benchmark: "sleep", seeds: 5, activations: ["gelu", "relu"], overrides: { epochs: 4, sleepMs: 400 } };
    const { id, trials } = await orchestrator.submit(spec);
    const doomedId = unique("doomed");
    const doomed = await pool.start(doomedId);
    await pool.start(unique("survivor"));

    // Kill the doomed worker while one of its trials is between epochs 1 and 4.
    const victim = await waitFor(
      async () => prisma.attempt.findFirst({ where: { workerId: doomedId, status: "RUNNING", trial: { epochsDone: { gte: 1 } } } }),
      90_000,
      "the doomed worker to be mid-trial",
    );
    doomed.child.kill("SIGKILL");
    const killedAt = Date.now();
    await exited(doomed.child);
    // Capacity is back to two workers, as an autoscaler would do.
    await pool.start(unique("replacement"));

    const resumed = await waitFor(
      async () => prisma.attempt.findFirst({ where: { trialId: victim.trialId, number: { gt: victim.number } } }),
      90_000,
      "the killed trial to start again",
    );
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 120_000, "the sweep to complete");
    const completedAt = Date.now();

    const audit = await auditSweep(prisma, id, spec);
    const victimAttempts = await prisma.attempt.findMany({ where: { trialId: victim.trialId }, orderBy: { number: "asc" } });
    summaryLine("worker-sigkill", {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      kill_to_resume_s: seconds(resumed.startedAt.getTime() - killedAt),
      kill_to_sweep_done_s: seconds(completedAt - killedAt),
    });
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 10, trials: 10, lost: 0, duplicated: 0 });
    expect(victimAttempts.map((a) => a.status)).toEqual(["STALLED", "COMPLETED"]);
    expect(victimAttempts[1]!.workerId).not.toBe(doomedId);
  });

  it("SIGTERM drains a worker running three trials: each stops at a checkpoint, is handed back to the front of the queue, and completes on the next worker", async () => {
    const { prisma, orchestrator, queue, pool } = setup();
    const spec = { name: "chaos-worker-drain", benchmark: "sleep", seeds: 3, activations: ["gelu", "relu"], overrides: { epochs: 5, sleepMs: 500 } };
    const { id, trials } = await orchestrator.submit(spec);
    const drainedId = unique("drained");
    const drained = await pool.start(drainedId, ["--concurrency", "3"]);
    await waitFor(
      async () => (await prisma.attempt.count({ where: { workerId: drainedId, status: "RUNNING", trial: { epochsDone: { gte: 1 } } } })) === 3,
      90_000,
      "three trials past their first epoch",
    );
    const signalled = Date.now();
    drained.child.kill("SIGTERM");
    const code = await exited(drained.child);
    const drainMs = Date.now() - signalled;

    const handedBack = await prisma.attempt.findMany({ where: { workerId: drainedId } });
    const counts = await queue.counts();
    const waitingJobs = counts.waiting! + counts.delayed! + counts.prioritized!;
    const worker = await prisma.worker.findUniqueOrThrow({ where: { id: drainedId } });

    const nextId = unique("next");
    await pool.start(nextId, ["--concurrency", "3"]);
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 120_000, "the sweep to complete");
    // handed back to the front of the queue: the next worker's first three trials are the drained ones
    const firstNext = await prisma.attempt.findMany({ where: { workerId: nextId }, orderBy: { startedAt: "asc" }, take: 3 });
    const audit = await auditSweep(prisma, id, spec);
    summaryLine("worker-sigterm-drain", {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      drained_trials: handedBack.length,
      sigterm_to_exit_s: seconds(drainMs),
    });
    expect(code).toBe(0);
    expect(drainMs).toBeLessThan(30_000); // bounded: a sleep epoch is 0.5 s, the drain timeout 60 s
    expect(handedBack.map((a) => a.status)).toEqual(["INTERRUPTED", "INTERRUPTED", "INTERRUPTED"]);
    expect(firstNext.map((a) => a.trialId).sort()).toEqual(handedBack.map((a) => a.trialId).sort());
    expect(worker.status).toBe("STOPPED");
    expect(waitingJobs).toBeGreaterThanOrEqual(3); // the three handed back (+ any never started)
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 6, trials: 6, lost: 0, duplicated: 0 });
  });
});
