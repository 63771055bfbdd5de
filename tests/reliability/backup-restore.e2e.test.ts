import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exited, gemsweep, waitFor } from "../support/gemsweep-cli.js";
import { auditSweep, orchestratorFor, privateStack, seconds, summaryLine, unique, usePrivateStack, waitForSweep, WorkerPool, type PrivateStack } from "./support/reliability.js";

// `gemsweep services backup` in the middle of a sweep, the machine lost, `services restore` into
// a fresh stack, `gemsweep resume`: every trial ends exactly once, and what had completed before
// the backup is not run again. Two private Redis + PostgreSQL pairs.
const { stack: first, closers } = usePrivateStack(6433, 5483);

/** The CLI pointed at a stack's embedded services (no REDIS_URL / DATABASE_URL: not external). */
const embedded = (stack: PrivateStack, queue?: string) => ({
  REDIS_URL: "",
  DATABASE_URL: "",
  GEMSWEEP_STATE_DIR: stack.stateDir,
  GEMSWEEP_REDIS_PORT: stack.env.GEMSWEEP_REDIS_PORT,
  GEMSWEEP_PG_PORT: stack.env.GEMSWEEP_PG_PORT,
  ...(queue ? { GEMSWEEP_QUEUE: queue } : {}),
});

describe("reliability: backup and restore of the embedded PostgreSQL", () => {
  it("a backup taken mid-sweep, restored into a fresh stack and resumed, ends with every trial exactly once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-backup-"));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "gemsweep.dump");

    // -- the first stack: a sweep half done
    const a = orchestratorFor(first.redisUrl, first.databaseUrl);
    const poolA = new WorkerPool({ ...first.env, GEMSWEEP_QUEUE: a.queueName });
    let aClosed = false;
    const closeA = async () => {
      if (!aClosed) await a.close(); // (its Redis must still be up: a closed queue waits for nothing)
      aClosed = true;
    };
    closers.push(closeA, () => poolA.stopAll());
    const spec = { name: "backed-up", benchmark: "sleep", seeds: 6, activations: ["gelu", "relu"], overrides: { epochs: 4, sleepMs: 400 } };
    const { id, trials } = await a.orchestrator.submit(spec);
    await poolA.start(unique("a1"));
    await poolA.start(unique("a2"));
    await waitFor(
      async () => (await a.prisma.trial.count({ where: { sweepId: id, status: "COMPLETED" } })) >= 4 && (await a.prisma.trial.count({ where: { sweepId: id, status: "RUNNING" } })) >= 1,
      90_000,
      "four trials completed and others running",
    );
    const backupStarted = Date.now();
    const backup = await gemsweep(["services", "backup", file], embedded(first));
    const backupMs = Date.now() - backupStarted;
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backed up the embedded PostgreSQL \(database gemsweep: 1 sweep, 12 trials\)/);
    // refusals, with the contract's exit codes
    const again = await gemsweep(["services", "backup", file], embedded(first));
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/exists: add --force/)]);
    const external = await gemsweep(["services", "backup", path.join(dir, "x.dump")], { ...embedded(first), DATABASE_URL: first.databaseUrl });
    expect([external.code, external.stderr]).toEqual([1, expect.stringMatching(/DATABASE_URL is set/)]);
    expect(existsSync(path.join(dir, "x.dump"))).toBe(false);

    // -- the machine is lost: workers killed, services gone
    for (const w of poolA.workers) w.child.kill("SIGKILL");
    await Promise.all(poolA.workers.map((w) => exited(w.child)));
    await closeA();
    await first.services.down();
    const down = await gemsweep(["services", "backup", path.join(dir, "down.dump")], embedded(first));
    expect([down.code, down.stderr]).toEqual([1, expect.stringMatching(/embedded PostgreSQL \(port 5483, .*does not answer: start it with `gemsweep services up`/)]);
    expect(existsSync(path.join(dir, "down.dump"))).toBe(false);

    // -- a fresh stack, the backup restored into it
    const second = await privateStack(6434, 5484);
    closers.push(() => second.dispose());
    const garbage = path.join(dir, "garbage.dump");
    writeFileSync(garbage, "not an archive");
    const missing = await gemsweep(["services", "restore", path.join(dir, "nothing.dump")], embedded(second));
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/nothing\.dump: no such file/)]);
    const bad = await gemsweep(["services", "restore", garbage], embedded(second));
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/not a backup made by gemsweep services backup/)]);
    const restoreStarted = Date.now();
    const restore = await gemsweep(["services", "restore", file], embedded(second));
    const restoreMs = Date.now() - restoreStarted;
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`gemsweep resume ${id}`);
    const over = await gemsweep(["services", "restore", file], embedded(second));
    expect([over.code, over.stderr]).toEqual([1, expect.stringMatching(/already holds 1 sweep .*add --force/)]);

    // -- resume: the queue is derived from the database
    const b = orchestratorFor(second.redisUrl, second.databaseUrl);
    closers.push(() => b.close());
    const completedAtBackup = await b.prisma.trial.findMany({ where: { sweepId: id, status: "COMPLETED" }, include: { attempts: true } });
    expect(completedAtBackup.length).toBeGreaterThanOrEqual(4);
    const resumed = await gemsweep(["resume", id], { ...second.env, GEMSWEEP_QUEUE: b.queueName });
    expect(resumed.code).toBe(0);
    const poolB = new WorkerPool({ ...second.env, GEMSWEEP_QUEUE: b.queueName });
    closers.push(() => poolB.stopAll());
    const resumedAt = Date.now();
    await poolB.start(unique("b1"));
    await poolB.start(unique("b2"));
    await waitForSweep(b, id, 150_000, poolB);
    const audit = await auditSweep(b.prisma, id, spec);
    const rerun = await b.prisma.attempt.count({ where: { trialId: { in: completedAtBackup.map((t) => t.id) }, startedAt: { gt: new Date(restoreStarted) } } });
    summaryLine("backup-restore", {
      load: trials,
      faults: 1,
      inputs: 0,
      lost: audit.lost,
      duplicated: audit.duplicated + rerun,
      completed_at_backup: completedAtBackup.length,
      backup_s: seconds(backupMs),
      restore_s: seconds(restoreMs),
      resume_to_sweep_done_s: seconds(Date.now() - resumedAt),
    });
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({ expected: 12, trials: 12, lost: 0, duplicated: 0 });
    expect(rerun).toBe(0); // completed before the backup: never run again
  });
});
