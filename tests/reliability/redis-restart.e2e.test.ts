import { describe, expect, it } from "vitest";
import { waitFor } from "../support/gemsweep-cli.js";
import { auditSweep, orchestratorFor, usePrivateStack, seconds, summaryLine, unique, waitForSweep, WorkerPool } from "./support/reliability.js";

// Redis is stopped and killed here, so this file runs its own Redis + PostgreSQL pair.
const { stack, closers } = usePrivateStack(6398, 5448);

function setup() {
  const ctx = orchestratorFor(stack.redisUrl, stack.databaseUrl);
  const pool = new WorkerPool({ ...stack.env, GEMSWEEP_QUEUE: ctx.queueName });
  closers.push(() => ctx.close(), () => pool.stopAll());
  return { ...ctx, pool };
}

const sleepSpec = (name: string) => ({ name, benchmark: "sleep", seeds: 4, activations: ["gelu", "relu"], overrides: { epochs: 5, sleepMs: 400 } });

describe("reliability: Redis restarted mid-sweep (AOF on)", () => {
  it("Redis SHUTDOWN + start while two workers run: workers reconnect, nothing lost or duplicated", async () => {
    const ctx = setup();
    const { prisma, orchestrator, pool } = ctx;
    const spec = sleepSpec("chaos-redis-restart");
    const { id, trials } = await orchestrator.submit(spec);
    await pool.start(unique("redis-a"));
    await pool.start(unique("redis-b"));
    await waitFor(async () => (await prisma.epochMetric.count({ where: { trial: { sweepId: id } } })) >= 4, 90_000, "four epochs recorded");

    const stoppedAt = Date.now();
    await stack.services.redis.stop(); // SHUTDOWN: Redis writes its AOF/RDB and exits
    await new Promise((r) => setTimeout(r, 2000));
    await stack.services.redis.start();
    const restartedAt = Date.now();

    await waitForSweep(ctx, id, 150_000, pool);
    const doneAt = Date.now();
    const audit = await auditSweep(prisma, id, spec);
    summaryLine("redis-restart", {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      redis_down_s: seconds(restartedAt - stoppedAt),
      restart_to_sweep_done_s: seconds(doneAt - restartedAt),
    });
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 8, trials: 8, lost: 0, duplicated: 0 });
    expect(pool.workers.every((w) => w.child.exitCode === null)).toBe(true); // no worker crashed on the outage
  });

  it("redis-server SIGKILLed (appendfsync everysec): resume + reaper bring back what the queue lost; nothing duplicated", async () => {
    const ctx = setup();
    const { prisma, orchestrator, pool } = ctx;
    const spec = sleepSpec("chaos-redis-kill");
    const { id, trials } = await orchestrator.submit(spec);
    await pool.start(unique("redis-c"));
    await pool.start(unique("redis-d"));
    await waitFor(async () => (await prisma.epochMetric.count({ where: { trial: { sweepId: id } } })) >= 4, 90_000, "four epochs recorded");

    const { pid } = await stack.services.redis.health();
    expect(pid).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(pid!, "SIGKILL");
    await waitFor(async () => !(await stack.services.redis.health()).healthy, 10_000, "redis to be gone");
    await stack.services.redis.start(); // replays the AOF: at most the last second is missing
    const restartedAt = Date.now();
    // The database is the truth: re-enqueue whatever is not finished (deduplicated by job id).
    const { requeued } = await orchestrator.resume(id);

    await waitForSweep(ctx, id, 150_000, pool);
    const doneAt = Date.now();
    const audit = await auditSweep(prisma, id, spec);
    summaryLine("redis-sigkill", {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      requeued,
      redis_down_s: seconds(restartedAt - killedAt),
      restart_to_sweep_done_s: seconds(doneAt - restartedAt),
    });
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 8, trials: 8, lost: 0, duplicated: 0 });
  });
});
