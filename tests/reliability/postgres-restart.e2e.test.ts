import { describe, expect, it } from "vitest";
import { waitFor } from "../support/gemsweep-cli.js";
import { auditSweep, orchestratorFor, usePrivateStack, seconds, summaryLine, unique, waitForSweep, WorkerPool } from "./support/reliability.js";

// PostgreSQL is stopped here, so this file runs its own Redis + PostgreSQL pair.
const { stack, closers } = usePrivateStack(6399, 5449);

describe("reliability: PostgreSQL restarted mid-sweep", () => {
  async function outage(scenario: string, downMs: number) {
    const ctx = orchestratorFor(stack.redisUrl, stack.databaseUrl);
    const pool = new WorkerPool({ ...stack.env, GEMSWEEP_QUEUE: ctx.queueName });
    closers.push(() => ctx.close(), () => pool.stopAll());
    const { prisma, orchestrator } = ctx;
    const spec = { name: `chaos-${scenario}`, benchmark: "sleep", seeds: 4, activations: ["gelu", "relu"], overrides: { epochs: 5, sleepMs: 400 } };
    const { id, trials } = await orchestrator.submit(spec);
    await pool.start(unique("pg-a"));
    await pool.start(unique("pg-b"));
    await waitFor(async () => (await prisma.epochMetric.count({ where: { trial: { sweepId: id } } })) >= 4, 90_000, "four epochs recorded");

    const stoppedAt = Date.now();
    await stack.services.postgres.stop(); // fast shutdown: open connections are terminated
    await new Promise((r) => setTimeout(r, downMs)); // epochs end (and fail to write) meanwhile
    await stack.services.postgres.start();
    const restartedAt = Date.now();

    await waitForSweep(ctx, id, 150_000, pool);
    const doneAt = Date.now();
    const audit = await auditSweep(prisma, id, spec);
    const retried = await prisma.trial.count({ where: { sweepId: id, attempts: { some: { number: { gt: 1 } } } } });
    summaryLine(scenario, {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      retried_trials: retried,
      pg_down_s: seconds(restartedAt - stoppedAt),
      restart_to_sweep_done_s: seconds(doneAt - restartedAt),
    });
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 8, trials: 8, lost: 0, duplicated: 0 });
    expect(pool.workers.every((w) => w.child.exitCode === null)).toBe(true); // no worker crashed on the outage
  }

  it("pg_ctl stop -m fast + start while two workers write epochs: failed writes are retried, every epoch recorded once", async () => {
    await outage("postgres-restart", 3000);
  });

  it("an outage longer than the job's retry backoff (2+4+8 s) still loses no trial: the job waits for the database", async () => {
    // 25 s: past the 14 s the 4 attempts used to last, and past the reaper's 20 s staleness, so
    // every heartbeat is old when the database returns: no trial may run twice (docs/reliability.md).
    await outage("postgres-long-outage", 25_000);
  });
});
