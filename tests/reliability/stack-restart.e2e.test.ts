import { describe, expect, it } from "vitest";
import { exited, gemsweep, waitFor } from "../support/gemsweep-cli.js";
import { auditSweep, orchestratorFor, usePrivateStack, seconds, summaryLine, unique, waitForSweep, WorkerPool } from "./support/reliability.js";

// The whole local stack goes down here, so this file runs its own Redis + PostgreSQL pair.
const { stack, closers } = usePrivateStack(6400, 5450);

describe("reliability: the whole local stack stopped and started again", () => {
  it("workers killed and services down with a sweep half done; services up, `gemsweep resume`, workers: it completes, nothing twice", async () => {
    const ctx = orchestratorFor(stack.redisUrl, stack.databaseUrl);
    const env = { ...stack.env, GEMSWEEP_QUEUE: ctx.queueName };
    const pool = new WorkerPool(env);
    closers.push(() => ctx.close(), () => pool.stopAll());
    const { prisma, orchestrator } = ctx;
    const spec = { name: "chaos-stack-restart", benchmark: "sleep", seeds: 4, activations: ["gelu", "relu"], overrides: { epochs: 4, sleepMs: 300 } };
    const { id, trials } = await orchestrator.submit(spec);
    await pool.start(unique("stack-a"));
    await pool.start(unique("stack-b"));
    await waitFor(async () => (await prisma.trial.count({ where: { sweepId: id, status: "COMPLETED" } })) >= 3, 90_000, "a few trials done");

    // Power cut: workers die without draining, then both services stop.
    for (const w of pool.workers) w.child.kill("SIGKILL");
    await Promise.all(pool.workers.map((w) => exited(w.child)));
    const doneBefore = await prisma.trial.count({ where: { sweepId: id, status: "COMPLETED" } });
    const downAt = Date.now();
    await stack.services.down();
    const downStatus = await gemsweep(["services", "status", "--json"], { ...env, REDIS_URL: "", DATABASE_URL: "" });
    expect(downStatus.code).toBe(1);
    expect((JSON.parse(downStatus.stdout) as { name: string; healthy: boolean }[]).map((s) => [s.name, s.healthy])).toEqual([
      ["redis", false],
      ["postgres", false],
    ]);

    await stack.services.up();
    const upAt = Date.now();
    const resumed = await gemsweep(["resume", id], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    await pool.start(unique("stack-c"));
    await pool.start(unique("stack-d"));
    await waitForSweep(ctx, id, 150_000, pool);
    const doneAt = Date.now();

    const audit = await auditSweep(prisma, id, spec);
    summaryLine("stack-restart", {
      load: trials,
      faults: 3,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated,
      completed_before_cut: doneBefore,
      stack_down_up_s: seconds(upAt - downAt),
      up_to_sweep_done_s: seconds(doneAt - upAt),
    });
    expect(doneBefore).toBeLessThan(trials);
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 8, trials: 8, lost: 0, duplicated: 0 });
  });
});
