import { describe, expect, it } from "vitest";
import { startWorker, waitFor } from "../support/gemsweep-cli.js";
import { PartitionProxy, type CutMode } from "../../scripts/soak/partition-proxy.js";
import { auditSweep, orchestratorFor, seconds, summaryLine, unique, usePrivateStack, waitForSweep } from "./support/reliability.js";

// A worker loses Redis and/or PostgreSQL mid-trial (its own TCP proxies are cut, the other
// worker's roads stay open): its trial is taken over at most once, nothing is recorded twice
// or lost, and the worker comes back by itself when the network heals. Own Redis + PostgreSQL.
const { stack, closers } = usePrivateStack(6431, 5481);

interface Roads {
  redis: boolean;
  postgres: boolean;
}

describe("reliability: a worker cut off from Redis and PostgreSQL (network partition)", () => {
  async function partition(scenario: string, mode: CutMode, cutMs: number, roads: Roads, expectTakeover: boolean) {
    const ctx = orchestratorFor(stack.redisUrl, stack.databaseUrl);
    closers.push(() => ctx.close());
    const { prisma, orchestrator } = ctx;
    const redisProxy = await PartitionProxy.open({ host: "127.0.0.1", port: Number(new URL(stack.redisUrl).port) });
    const pgProxy = await PartitionProxy.open({ host: "127.0.0.1", port: Number(new URL(stack.databaseUrl).port) });
    closers.push(() => redisProxy.close(), () => pgProxy.close());
    const env = { ...stack.env, GEMSWEEP_QUEUE: ctx.queueName };
    const cutId = unique("cut");
    const cut = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: cutId, REDIS_URL: redisProxy.urlThrough(stack.redisUrl), DATABASE_URL: pgProxy.urlThrough(stack.databaseUrl) });
    closers.push(async () => {
      if (cut.child.exitCode === null) cut.child.kill("SIGKILL");
    });
    await cut.ready;

    // The cut worker holds a long trial (30 s), so it is still running when the takeover can come.
    const long = { name: `${scenario}-long`, benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 12, sleepMs: 2500 } };
    const longSweep = await orchestrator.submit(long);
    const held = await waitFor(
      async () => prisma.attempt.findFirst({ where: { workerId: cutId, status: "RUNNING", trial: { epochsDone: { gte: 1 } } } }),
      90_000,
      "the cut worker to be mid-trial",
    );
    const other = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: unique("other") });
    closers.push(async () => {
      if (other.child.exitCode === null) other.child.kill("SIGKILL");
      if (process.env.RELIABILITY_DEBUG) (await import("node:fs")).appendFileSync(process.env.RELIABILITY_DEBUG, `--- ${scenario} cut\n${cut.output()}\n--- other\n${other.output()}\n`);
    });
    await other.ready;
    // Work for after the heal: short trials the other worker cannot finish alone during the cut.
    const short = { name: `${scenario}-short`, benchmark: "sleep", seeds: 12, activations: ["gelu", "relu"], overrides: { epochs: 4, sleepMs: 500 } };
    const shortSweep = await orchestrator.submit(short);

    const cutAt = Date.now();
    if (roads.redis) redisProxy.partition(mode);
    if (roads.postgres) pgProxy.partition(mode);
    const nextAttempt = () => prisma.attempt.findFirst({ where: { trialId: held.trialId, number: { gt: held.number } } });
    const takeover = await waitFor(async () => (await nextAttempt()) ?? (Date.now() > cutAt + cutMs ? "none" : undefined), cutMs + 5000, "the held trial to be taken over");
    const rest = cutAt + cutMs - Date.now();
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    redisProxy.heal();
    pgProxy.heal();
    const healedAt = Date.now();
    const back = await waitFor(
      async () => prisma.attempt.findFirst({ where: { workerId: cutId, startedAt: { gt: new Date(healedAt) } } }),
      90_000,
      "the cut worker to start a trial again",
    );
    await waitForSweep(ctx, longSweep.id, 150_000);
    await waitForSweep(ctx, shortSweep.id, 150_000);
    const audits = [await auditSweep(prisma, longSweep.id, long), await auditSweep(prisma, shortSweep.id, short)];
    const heldAttempts = await prisma.attempt.findMany({ where: { trialId: held.trialId }, orderBy: { number: "asc" } });
    summaryLine(scenario, {
      load: longSweep.trials + shortSweep.trials,
      faults: 1,
      inputs: 0,
      lost: audits[0]!.lost + audits[1]!.lost,
      duplicated: audits[0]!.duplicated + audits[1]!.duplicated,
      cut_s: seconds(healedAt - cutAt),
      takeover_s: takeover === "none" ? "none" : seconds(takeover.startedAt.getTime() - cutAt),
      heal_to_back_s: seconds(back.startedAt.getTime() - healedAt),
      // which worker ran each attempt: a re-delivery that is not the partition's shows here
      held_attempts: heldAttempts.map((a) => `${a.number}:${a.status}@${a.workerId === cutId ? "cut" : "other"}`).join(","),
    });
    expect([...audits[0]!.problems, ...audits[1]!.problems]).toEqual([]);
    expect(audits.map((a) => [a.lost, a.duplicated])).toEqual([[0, 0], [0, 0]]);
    // The cut worker's attempt is taken over at most once: one attempt follows it on another worker.
    // A further attempt can follow only that one, when the healthy worker's own 10 s job lock
    // lapsed (seen at load average 25 on 2 cores): a stall of a worker the partition did not touch,
    // which the worker-fault suites cover; it is counted in the summary line, not taken for a
    // second takeover of the cut worker's trial.
    const later = heldAttempts.filter((a) => a.number > held.number);
    expect(later.length > 0 ? 1 : 0).toBe(expectTakeover ? 1 : 0);
    for (const [i, a] of later.entries())
      if (i > 0) expect(later[i - 1]!.workerId, `attempt ${a.number} superseded the cut worker's again`).not.toBe(cutId);
    expect(heldAttempts.filter((a) => a.status === "COMPLETED")).toHaveLength(1);
    expect(cut.child.exitCode).toBeNull();
    expect(other.child.exitCode).toBeNull();
  }

  it("a worker started while it cannot reach PostgreSQL waits for it and starts when the network heals", async () => {
    const pgProxy = await PartitionProxy.open({ host: "127.0.0.1", port: Number(new URL(stack.databaseUrl).port) });
    closers.push(() => pgProxy.close());
    pgProxy.partition("reset");
    const startedAt = Date.now();
    const late = startWorker(["--backend", "cpu"], { ...stack.env, GEMSWEEP_QUEUE: unique("late"), GEMSWEEP_WORKER_ID: unique("late"), DATABASE_URL: pgProxy.urlThrough(stack.databaseUrl) });
    closers.push(async () => {
      if (late.child.exitCode === null) late.child.kill("SIGKILL");
    });
    await waitFor(async () => late.output().includes("PostgreSQL not answering"), 60_000, "the worker to say what it waits for");
    expect(late.child.exitCode).toBeNull();
    pgProxy.heal();
    const healedAt = Date.now();
    await late.ready;
    summaryLine("worker-start-during-outage", { load: 0, faults: 1, inputs: 0, lost: 0, duplicated: 0, waited_s: seconds(healedAt - startedAt), heal_to_ready_s: seconds(Date.now() - healedAt) });
  });

  it("both roads blackholed for 30 s (connections hang, nothing flows): taken over once; back on its own, its late writes refused", async () => {
    await partition("partition-blackhole", "blackhole", 30_000, { redis: true, postgres: true }, true);
  });

  it("both roads reset for 30 s (connections reset, new ones refused): taken over once; back on its own", async () => {
    await partition("partition-reset", "reset", 30_000, { redis: true, postgres: true }, true);
  });

  it("Redis only, blackholed for 30 s: the lock lapses, the trial is taken over, and the cut worker stops at its next epoch write", async () => {
    await partition("partition-redis-only", "blackhole", 30_000, { redis: true, postgres: false }, true);
  });

  it("PostgreSQL only, blackholed for 45 s: the worker's statements time out, it hands the trial back and takes no work until the database answers", async () => {
    await partition("partition-postgres-only", "blackhole", 45_000, { redis: false, postgres: true }, true);
  });
});
