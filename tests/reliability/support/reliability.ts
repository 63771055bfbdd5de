import { mkdtempSync, rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { parseSpec, planTrials } from "@gemsweep/core";
import { createPrismaClient, migrateDatabase, Orchestrator, TrialQueue, type PrismaClient } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";
import { exited, startWorker } from "../../support/gemsweep-cli.js";

/**
 * What the database says about a finished sweep, measured against the spec's expansion:
 * - lost: trials the expansion promised that did not end COMPLETED, plus epoch rows missing
 *   from completed trials (each must have exactly `epochs` of them, numbered 1..epochs);
 * - duplicated: trial rows beyond the expansion, epoch rows beyond `epochs`, completed
 *   attempts beyond one per trial, attempts started after their trial had finished, and epoch
 *   rows written by an attempt after it was closed (a superseded worker's stale write).
 * A completed trial must also say it did all its epochs (Trial.epochsDone).
 */
export interface SweepAudit {
  expected: number;
  trials: number;
  lost: number;
  duplicated: number;
  problems: string[];
}

export async function auditSweep(prisma: PrismaClient, sweepId: string, spec: unknown, endStatus = "COMPLETED"): Promise<SweepAudit> {
  const plan = planTrials(parseSpec(spec));
  const trials = await prisma.trial.findMany({
    where: { sweepId },
    include: { attempts: { orderBy: { number: "asc" } }, epochs: { orderBy: { epoch: "asc" } } },
  });
  const problems: string[] = [];
  let lost = 0;
  let duplicated = Math.max(0, trials.length - plan.length);
  if (trials.length > plan.length) problems.push(`${trials.length} trial rows for ${plan.length} planned trials`);
  const byKey = new Map(trials.map((t) => [`${t.benchmark}|${t.configKey}|${t.seed}`, t]));
  for (const planned of plan) {
    const trial = byKey.get(`${planned.benchmark}|${planned.configKey}|${planned.seed}`);
    if (!trial) {
      lost += 1;
      problems.push(`planned trial ${planned.configKey} seed ${planned.seed} has no row`);
      continue;
    }
    if (trial.status !== endStatus) {
      lost += 1;
      problems.push(`trial ${trial.id} (${trial.configKey} seed ${trial.seed}) ended ${trial.status}: ${trial.error ?? ""}`);
      continue;
    }
    const epochs = planned.hyper.epochs;
    const numbers = trial.epochs.map((e) => e.epoch);
    const distinct = new Set(numbers);
    const missing = Array.from({ length: epochs }, (_, i) => i + 1).filter((n) => !distinct.has(n));
    if (endStatus === "COMPLETED" && missing.length > 0) {
      lost += missing.length;
      problems.push(`trial ${trial.id} misses epochs ${missing.join(",")}`);
    }
    const extra = numbers.length - distinct.size + numbers.filter((n) => n < 1 || n > epochs).length;
    if (extra > 0) {
      duplicated += extra;
      problems.push(`trial ${trial.id} has ${extra} extra epoch rows (${numbers.join(",")})`);
    }
    const finals = trial.attempts.filter((a) => a.status === endStatus);
    if (finals.length !== 1) {
      duplicated += Math.max(0, finals.length - 1);
      if (finals.length === 0) lost += 1;
      const fmt = (d: Date | null) => (d ? d.toISOString().slice(11, 23) : "-");
      problems.push(`trial ${trial.id} has ${finals.length} ${endStatus} attempts (${trial.attempts.map((a) => `${a.number}:${a.status}`).join(" ")})`);
      if (finals.length > 1) problems.push(`  attempts: ${trial.attempts.map((a) => `${a.number}:${a.status}@${a.workerId} ${fmt(a.startedAt)}..${fmt(a.finishedAt)}`).join("; ")}; trial finished ${fmt(trial.finishedAt)}`);
    }
    if (endStatus === "COMPLETED" && trial.epochsDone !== epochs) {
      lost += 1;
      problems.push(`trial ${trial.id} says ${trial.epochsDone} epochs done, not ${epochs}`);
    }
    // an attempt that was closed (superseded, interrupted) writes nothing more: a later write is a stale one
    const closedAt = new Map(trial.attempts.map((a) => [a.id, a.finishedAt]));
    const stale = trial.epochs.filter((e) => {
      const closed = closedAt.get(e.attemptId ?? "");
      return closed && e.recordedAt > closed;
    });
    if (stale.length > 0) {
      duplicated += stale.length;
      problems.push(`trial ${trial.id}: epochs ${stale.map((e) => e.epoch).join(",")} were written by an attempt after it was closed`);
    }
    const late = trial.attempts.filter((a) => trial.finishedAt && a.startedAt > trial.finishedAt);
    if (late.length > 0) {
      duplicated += late.length;
      problems.push(`trial ${trial.id} was started again after it finished (attempts ${late.map((a) => a.number).join(",")})`);
    }
  }
  return { expected: plan.length, trials: trials.length, lost, duplicated, problems };
}

/** The one line a scenario prints: `reliability: <scenario> load=.. faults=.. inputs=.. lost=.. duplicated=.. <figures>`. */
export function summaryLine(scenario: string, figures: { load: number; faults: number; inputs: number; lost: number; duplicated: number } & Record<string, number | string>): string {
  const { load, faults, inputs, lost, duplicated, ...timing } = figures;
  const rest = Object.entries(timing).map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : v}`);
  const line = [`reliability: ${scenario}`, `load=${load}`, `faults=${faults}`, `inputs=${inputs}`, `lost=${lost}`, `duplicated=${duplicated}`, ...rest].join(" ");
  console.log(line);
  return line;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** A probe that treats a failing query (a service being restarted) as "not yet". */
export function tolerant<T>(probe: () => Promise<T | undefined | false>): () => Promise<T | undefined | false> {
  return () => probe().catch(() => undefined);
}

/**
 * A separate Redis + PostgreSQL pair on its own ports and state directory, for scenarios that
 * stop, kill or restart a service: the suite's shared services are never touched. `env` is what
 * a worker or CLI process pointed at this pair needs.
 */
export interface PrivateStack {
  services: LocalServices;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/**
 * For a file whose tests stop or kill services: its own Redis + PostgreSQL pair, started before
 * the file's tests and removed after them, and the file's closers (run first, newest first).
 */
export function usePrivateStack(redisPort: number, postgresPort: number): { stack: PrivateStack; closers: Array<() => Promise<void>> } {
  const stack = {} as PrivateStack; // filled before the first test, which is when tests read it
  const closers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    Object.assign(stack, await privateStack(redisPort, postgresPort));
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await stack.dispose?.();
  });
  return { stack, closers };
}

export async function privateStack(redisPort: number, postgresPort: number): Promise<PrivateStack> {
  const stateDir = mkdtempSync(path.join(tmpdir(), "gemsweep-reliability-"));
  // An empty env: REDIS_URL / DATABASE_URL of the suite must not make these services "external".
  const services = new LocalServices({ stateDir, redisPort, postgresPort, database: "gemsweep" }, {});
  const { redisUrl, databaseUrl } = await services.up();
  await migrateDatabase(databaseUrl);
  const env = { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, GEMSWEEP_STATE_DIR: stateDir, GEMSWEEP_REDIS_PORT: String(redisPort), GEMSWEEP_PG_PORT: String(postgresPort) };
  return {
    services,
    redisUrl,
    databaseUrl,
    stateDir,
    env,
    async dispose() {
      await services.down().catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** An orchestrator (and its Prisma client) on one queue; `close` releases both. */
export function orchestratorFor(redisUrl: string, databaseUrl: string, queueName = `reliability-${randomUUID()}`) {
  const prisma = createPrismaClient(databaseUrl, { max: 4 });
  const queue = new TrialQueue(redisUrl, queueName);
  const orchestrator = new Orchestrator(prisma, queue);
  return {
    prisma,
    queue,
    orchestrator,
    queueName,
    async close(obliterate = true) {
      if (obliterate) await queue.queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close().catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
    },
  };
}

/** Real `gemsweep worker --backend cpu` processes; `stopAll` SIGTERMs what still runs. */
export class WorkerPool {
  readonly workers: { id: string; child: ChildProcess; output: () => string }[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(id: string, args: string[] = []): Promise<{ id: string; child: ChildProcess; output: () => string }> {
    const worker = startWorker(["--backend", "cpu", ...args], { ...this.env, GEMSWEEP_WORKER_ID: id });
    const entry = { id, child: worker.child, output: worker.output };
    this.workers.push(entry);
    await worker.ready;
    return entry;
  }

  async stopAll(): Promise<void> {
    if (process.env.RELIABILITY_DEBUG) (await import("node:fs")).appendFileSync(process.env.RELIABILITY_DEBUG, this.workers.map((w) => `--- ${w.id}\n${w.output()}`).join("\n"));
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null) return;
        w.child.kill("SIGTERM");
        const timer = setTimeout(() => w.child.kill("SIGKILL"), 30_000);
        await exited(w.child);
        clearTimeout(timer);
      }),
    );
  }

  output(): string {
    return this.workers.map((w) => `--- ${w.id}\n${w.output().slice(-2000)}`).join("\n");
  }
}

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Waits for the sweep to reach COMPLETED (a failing probe during an outage counts as "not
 * yet"); on timeout the error carries the trials' and the queue's state and the workers' output.
 */
export async function waitForSweep(ctx: { orchestrator: Orchestrator; prisma: PrismaClient; queue: TrialQueue }, id: string, timeoutMs: number, pool?: WorkerPool): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await ctx.orchestrator.sweeps.getSweep(id).then((s) => s.status, () => undefined);
    if (status === "COMPLETED") return;
    if (Date.now() > deadline) {
      const trials = await ctx.prisma.trial
        .findMany({ where: { sweepId: id }, include: { attempts: { orderBy: { number: "asc" } } } })
        .then((ts) => ts.map((t) => `${t.id.slice(0, 8)} ${t.status} epochs=${t.epochsDone} [${t.attempts.map((a) => `${a.number}:${a.status}@${a.workerId}`).join(" ")}]`).join("\n"), (e: Error) => e.message);
      const jobs = await ctx.queue.queue.getJobs(["active", "waiting", "delayed", "failed", "prioritized", "paused"]).then(
        async (js) => (await Promise.all(js.map(async (j) => `${j.id} ${await j.getState()} attemptsMade=${j.attemptsMade} stalled=${(j as unknown as { stalledCounter?: number }).stalledCounter ?? "?"}`))).join("\n"),
        (e: Error) => e.message,
      );
      const counts = await ctx.queue.counts().then((c) => JSON.stringify(c), (e: Error) => e.message);
      throw new Error(`timed out after ${timeoutMs} ms waiting for sweep ${id} (status ${status}) to complete\ntrials:\n${trials}\njobs ${counts}:\n${jobs}\n${pool?.output() ?? ""}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
