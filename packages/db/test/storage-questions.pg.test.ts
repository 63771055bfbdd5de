import { ErrorCode, isGemSweepError, type TrialJob } from "@gemsweep/contracts";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec, planTrials } from "@gemsweep/core";
import { GemSweepStorage } from "../src/gemsweep-storage.js";
import { migrateDatabase } from "../src/migrations.js";
import type { Orchestrator } from "../src/orchestrator.js";
import type { SweepTrialListRow } from "../src/sweep-trial-list.js";
import { TrialQueue } from "../src/trial-queue.js";
import type { AttemptOutcome, EpochRecord } from "../src/trial-store.js";
import { createScratchDatabase } from "./test-database.js";

// The storage boundary's conformance suite: every named question GemSweepStorage answers,
// checked against rows written only through the stores (as workers and the orchestrator write
// them), in a database of its own so that counts over "everything" are exact.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let storage: GemSweepStorage;
let queue: TrialQueue;
let orchestrator: Orchestrator;

const MAIN_SPEC = {
  name: "main",
  benchmark: ["sleep", "fashion-mnist-mlp"],
  seeds: [0, 1, 2],
  activations: ["relu", "gelu", { name: "gem", N: [1, 2] }],
  overrides: { epochs: 3 },
  pruner: { strategy: "median", warmupEpochs: 1, minTrials: 2 },
};
const OTHER_SPEC = {
  name: "other",
  benchmark: "sleep",
  seeds: [0],
  activations: ["gelu"],
  overrides: { epochs: 3 },
};
const CANCELLED_SPEC = {
  name: "cancelled",
  benchmark: "sleep",
  seeds: [0, 1],
  activations: ["gelu"],
};
const UNTOUCHED_SPEC = { name: "untouched", benchmark: "sleep", seeds: [0], activations: ["gelu"] };

const ids = { main: "", other: "", cancelled: "", untouched: "" };
const CPU = `cpu-${randomUUID()}`;
const WASM = `wasm-${randomUUID()}`;
const OLD = `old-${randomUUID()}`;
const STOPPED = `stopped-${randomUUID()}`;
let oldRegisteredAt = 0;
let mainTrials: SweepTrialListRow[] = [];
const attemptIds: Record<string, string[]> = {};

/** The main sweep's trial of this benchmark, activation key (config key minus benchmark) and seed. */
function trialOf(benchmark: string, activation: string, seed: number): SweepTrialListRow {
  const planned = planTrials(parseSpec(MAIN_SPEC)).find(
    (t) => t.benchmark === benchmark && t.activationKey === activation && t.seed === seed,
  );
  const row = mainTrials.find((t) => t.configKey === planned?.configKey && t.seed === seed);
  if (!row) throw new Error(`no trial ${benchmark} ${activation} ${seed}`);
  return row;
}

function jobOf(
  trial: SweepTrialListRow,
  sweepId = ids.main,
): Pick<TrialJob, "trialId" | "sweepId" | "benchmark" | "configKey" | "seed"> {
  return {
    trialId: trial.id,
    sweepId,
    benchmark: trial.benchmark as TrialJob["benchmark"],
    configKey: trial.configKey,
    seed: trial.seed,
  };
}

/**
 * One attempt of a trial through the real TrialStore: opens it on `workerId`, records `metrics`
 * as epochs `firstEpoch`, `firstEpoch + 1`, ... (with samples/s and layer health), then ends
 * it with `outcome`, or leaves it running when there is none.
 */
async function attempt(
  trialId: string,
  workerId: string,
  metrics: number[],
  outcome?: AttemptOutcome,
  options: { firstEpoch?: number; samplesPerSec?: number } = {},
): Promise<void> {
  const start = await storage.trials.beginAttempt(trialId, workerId);
  if (start.kind !== "run") throw new Error(`trial ${trialId} not runnable: ${start.status}`);
  (attemptIds[trialId] ??= []).push(start.attemptId);
  const records: EpochRecord[] = metrics.map((metric, i) => ({
    epoch: (options.firstEpoch ?? 1) + i,
    loss: 1,
    metric,
    samplesPerSec: options.samplesPerSec ?? 100,
    health: [{ site: "dense1", deadFraction: 0.25 }],
  }));
  // as the worker does: every epoch but the last one alone, the last with the outcome
  const last = outcome ? records.pop() : undefined;
  for (const record of records)
    await storage.trials.recordEpoch(trialId, start.attemptId, record, `/ckpt/${trialId}`);
  if (outcome)
    await storage.trials.finishAttempt(
      trialId,
      start.attemptId,
      outcome,
      last ? { record: last } : undefined,
    );
}

const completed = (metrics: number[]): AttemptOutcome => ({
  status: "COMPLETED",
  finalMetric: metrics.at(-1)!,
  bestMetric: Math.max(...metrics),
  finalLoss: 1,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  storage = GemSweepStorage.open(scratch.url, { max: 2 });
  queue = new TrialQueue(process.env.REDIS_URL!, `storage-questions-${randomUUID()}`);
  orchestrator = storage.orchestrator(queue);

  await storage.workers.register({
    id: OLD,
    host: "h",
    pid: 1,
    backend: "cpu",
    device: "d",
    concurrency: 1,
  });
  oldRegisteredAt = Date.now();
  for (const [id, backend] of [
    [CPU, "cpu"],
    [WASM, "wasm"],
    [STOPPED, "cpu"],
  ] as const)
    await storage.workers.register({ id, host: "h", pid: 1, backend, device: "d", concurrency: 1 });
  await storage.workers.stopped(STOPPED);

  // created in this order, a few ms apart: newest first is untouched, cancelled, other, main
  for (const [name, spec] of [
    ["main", MAIN_SPEC],
    ["other", OTHER_SPEC],
    ["cancelled", CANCELLED_SPEC],
    ["untouched", UNTOUCHED_SPEC],
  ] as const) {
    ids[name] = (await orchestrator.submit(spec)).id;
    await sleep(10);
  }
  mainTrials = await storage.sweepTrialList(ids.main);

  // sleep benchmark: relu 0, 1 completed; relu 2 diverged after non-finite epochs 2 and 3
  await attempt(trialOf("sleep", "relu", 0).id, CPU, [0.5, 0.6, 0.7], completed([0.5, 0.6, 0.7]));
  await attempt(
    trialOf("sleep", "relu", 1).id,
    CPU,
    [0.52, 0.62, 0.72],
    completed([0.52, 0.62, 0.72]),
  );
  await attempt(trialOf("sleep", "relu", 2).id, CPU, [0.54, Number.NaN, Number.POSITIVE_INFINITY], {
    status: "DIVERGED",
    error: "non-finite",
  });
  // gelu 0 completed, gelu 1 running (2 epochs in), gelu 2 failed for good after one epoch
  await attempt(trialOf("sleep", "gelu", 0).id, CPU, [0.6, 0.7, 0.8], completed([0.6, 0.7, 0.8]));
  await attempt(trialOf("sleep", "gelu", 1).id, CPU, [0.55, 0.65]);
  await attempt(trialOf("sleep", "gelu", 2).id, CPU, [0.3], {
    status: "FAILED",
    error: "boom",
    final: true,
  });
  // gem N=1 seed 0: the wasm worker's attempt fails after epoch 1 (retried); the cpu worker resumes and completes
  const gem0 = trialOf("sleep", "gem|N=1", 0).id;
  await attempt(
    gem0,
    WASM,
    [0.9],
    { status: "FAILED", error: "flaky", final: false },
    { samplesPerSec: 40 },
  );
  await attempt(gem0, CPU, [0.95, 0.97], completed([0.9, 0.95, 0.97]), { firstEpoch: 2 });
  // gem N=1 seed 1 pruned after one epoch; gem N=2 untouched (queued)
  await attempt(trialOf("sleep", "gem|N=1", 1).id, CPU, [0.1], {
    status: "PRUNED",
    reason: "below the median",
  });
  // another benchmark's completed trial: never a pruning peer of a sleep trial
  await attempt(
    trialOf("fashion-mnist-mlp", "relu", 0).id,
    CPU,
    [0.8, 0.85, 0.86],
    completed([0.8, 0.85, 0.86]),
  );

  // another sweep's completed trial (and the sweep completed); a cancelled sweep; an untouched one
  const [otherTrial] = await storage.sweepTrialList(ids.other);
  await attempt(otherTrial!.id, CPU, [0.99, 0.99, 0.99], completed([0.99, 0.99, 0.99]));
  await storage.sweeps.refreshStatus(ids.other);
  await orchestrator.cancel(ids.cancelled);
});

afterAll(async () => {
  await queue?.queue.obliterate({ force: true });
  await queue?.close();
  await storage?.close();
  await scratch?.drop();
});

/** The error a call rejects with, or a failure when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

function isNotFound(error: unknown): boolean {
  return isGemSweepError(error) && error.code === ErrorCode.NOT_FOUND;
}

/** Byte order, as the embedded cluster's C collation sorts (and any collation sorts these keys). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("sweepPage", () => {
  it("pages sweeps newest first, each with its status counts, and counts them all", async () => {
    const first = await storage.sweepPage({ limit: 2, offset: 0 });
    expect(first.sweeps.map((s) => s.id)).toEqual([ids.untouched, ids.cancelled]);
    expect(first).toMatchObject({ total: 4, limit: 2, offset: 0 });
    const second = await storage.sweepPage({ limit: 2, offset: 2 });
    expect(second.sweeps.map((s) => s.id)).toEqual([ids.other, ids.main]);
    expect(second.total).toBe(4);
    expect(second.sweeps[1]).toMatchObject({ name: "main", status: "RUNNING", total: 24 });
    expect(second.sweeps[1]!.counts).toEqual({
      WAITING: 0,
      QUEUED: 15,
      RUNNING: 1,
      COMPLETED: 5,
      DIVERGED: 1,
      FAILED: 1,
      PRUNED: 1,
      CANCELLED: 0,
    });
    expect(first.sweeps[1]).toMatchObject({ status: "CANCELLED", total: 2 });
    expect((await storage.sweepPage({ limit: 10, offset: 4 })).sweeps).toEqual([]);
  });
});

describe("sweepDetail", () => {
  it("a sweep's counts, the spec as submitted and its stored plan; a 404 for no sweep", async () => {
    const detail = await storage.sweepDetail(ids.other);
    expect(detail).toMatchObject({ id: ids.other, name: "other", total: 1 });
    expect(detail.spec).toEqual(OTHER_SPEC);
    expect(detail.plan.rows.map((r) => r.key)).toEqual(["gelu"]);
    expect(detail.plan.columns.map((c) => c.benchmark)).toEqual(["sleep"]);
    const missing = await storage.sweepDetail(randomUUID()).catch((e: unknown) => e);
    expect(isGemSweepError(missing) && missing.code).toBe(ErrorCode.NOT_FOUND);
  });
});

describe("trialPage", () => {
  const planned = planTrials(parseSpec(MAIN_SPEC));
  const expectedOrder = [...planned]
    .sort(
      (a, b) =>
        byText(a.benchmark, b.benchmark) || byText(a.configKey, b.configKey) || a.seed - b.seed,
    )
    .map((t) => `${t.configKey}#${t.seed}`);

  it("pages a sweep's trials by benchmark, config, seed: the pages tile the whole list", async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 5) {
      const page = await storage.trialPage(ids.main, { limit: 5, offset });
      expect(page).toMatchObject({ total: 24, limit: 5, offset });
      expect(page.trials.length).toBe(Math.max(0, Math.min(5, 24 - offset)));
      seen.push(...page.trials.map((t) => `${t.configKey}#${t.seed}`));
    }
    expect(seen).toEqual(expectedOrder);
  });

  it("filters by status, with the filtered total, and counts each trial's attempts", async () => {
    const page = await storage.trialPage(ids.main, { status: "COMPLETED", limit: 50, offset: 0 });
    expect(page.total).toBe(5);
    expect(page.trials.every((t) => t.status === "COMPLETED")).toBe(true);
    const gem0 = page.trials.find((t) => t.id === trialOf("sleep", "gem|N=1", 0).id);
    expect(gem0).toMatchObject({
      attempts: 2,
      epochsDone: 3,
      finalMetric: 0.97,
      bestMetric: 0.97,
      activation: "gem",
      n: 1,
      eps: null,
      error: null,
    });
    const twoOfThem = await storage.trialPage(ids.main, {
      status: "COMPLETED",
      limit: 2,
      offset: 2,
    });
    expect(twoOfThem.total).toBe(5);
    expect(twoOfThem.trials.map((t) => t.id)).toEqual(page.trials.slice(2, 4).map((t) => t.id));
    const failed = await storage.trialPage(ids.main, { status: "FAILED", limit: 50, offset: 0 });
    expect(failed.trials).toMatchObject([
      { id: trialOf("sleep", "gelu", 2).id, error: "boom", attempts: 1 },
    ]);
    expect(
      (await storage.trialPage(ids.main, { status: "CANCELLED", limit: 50, offset: 0 })).total,
    ).toBe(0);
    expect(
      (await storage.trialPage(ids.cancelled, { status: "CANCELLED", limit: 50, offset: 0 })).total,
    ).toBe(2);
  });
});

describe("trialDetail and sweepTrialList", () => {
  it("a trial in full: config, attempts by number, the per-epoch curve with layer health", async () => {
    const id = trialOf("sleep", "gem|N=1", 0).id;
    const trial = await storage.trialDetail(id);
    expect(trial).toMatchObject({
      id,
      sweepId: ids.main,
      status: "COMPLETED",
      epochsDone: 3,
      finalMetric: 0.97,
    });
    expect((trial.config as { hyper: { epochs: number } }).hyper.epochs).toBe(3);
    expect(trial.attempts.map((a) => [a.number, a.workerId, a.status, a.error])).toEqual([
      [1, WASM, "FAILED", "flaky"],
      [2, CPU, "COMPLETED", null],
    ]);
    expect(trial.epochs.map((e) => [e.epoch, e.metric, e.attemptId])).toEqual([
      [1, 0.9, attemptIds[id]![0]],
      [2, 0.95, attemptIds[id]![1]],
      [3, 0.97, attemptIds[id]![1]],
    ]);
    expect(trial.epochs[0]!.health).toEqual([{ site: "dense1", deadFraction: 0.25 }]);
  });

  it("a 404 for an id that is not a trial's", async () => {
    expect(isNotFound(await rejectionOf(storage.trialDetail("not-a-uuid")))).toBe(true);
    expect(isNotFound(await rejectionOf(storage.trialDetail(randomUUID())))).toBe(true);
  });

  it("every trial of a sweep with its config and attempts, by config then seed", async () => {
    const planned = planTrials(parseSpec(MAIN_SPEC));
    expect(mainTrials.map((t) => `${t.configKey}#${t.seed}`)).toEqual(
      [...planned]
        .sort((a, b) => byText(a.configKey, b.configKey) || a.seed - b.seed)
        .map((t) => `${t.configKey}#${t.seed}`),
    );
    const now = await storage.sweepTrialList(ids.main);
    const gem0 = now.find((t) => t.id === trialOf("sleep", "gem|N=1", 0).id)!;
    expect(gem0).toMatchObject({
      status: "COMPLETED",
      attempts: 2,
      epochsDone: 3,
      finalMetric: 0.97,
    });
    expect(gem0.config).toMatchObject({ activation: { name: "gem", N: 1 }, hyper: { epochs: 3 } });
    expect(now.find((t) => t.id === trialOf("sleep", "relu", 2).id)).toMatchObject({
      status: "DIVERGED",
      error: "non-finite",
      finalMetric: null,
    });
    expect(isNotFound(await rejectionOf(storage.sweepTrialList("not-a-uuid")))).toBe(true);
  });
});

describe("sweepProgress", () => {
  it("counts by status, trials ended, and the running ones with their epochs", async () => {
    const progress = await storage.sweepProgress(ids.main);
    expect(progress.counts).toEqual({
      WAITING: 0,
      QUEUED: 15,
      RUNNING: 1,
      COMPLETED: 5,
      DIVERGED: 1,
      FAILED: 1,
      PRUNED: 1,
      CANCELLED: 0,
    });
    expect(progress.total).toBe(24);
    expect(progress.ended).toBe(8);
    const running = trialOf("sleep", "gelu", 1);
    expect(progress.running).toEqual([
      { id: running.id, configKey: running.configKey, seed: 1, epochsDone: 2, epochs: 3 },
    ]);
    expect(await storage.sweepProgress(ids.cancelled)).toMatchObject({
      total: 2,
      ended: 2,
      running: [],
    });
  });
});

/** mean, sample std (null for one value), min and max, as the curves promise them. */
function stats(values: number[]) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std =
    values.length > 1
      ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1))
      : null;
  return { mean, std, min: Math.min(...values), max: Math.max(...values), n: values.length };
}

function expectPoint(
  actual: { mean: number; std: number | null; min: number; max: number; n: number } | undefined,
  values: number[],
): void {
  const expected = stats(values);
  expect(actual?.n).toBe(expected.n);
  expect(actual?.mean).toBeCloseTo(expected.mean, 12);
  if (expected.std === null) expect(actual?.std).toBeNull();
  else expect(actual?.std).toBeCloseTo(expected.std, 12);
  expect(actual?.min).toBe(expected.min);
  expect(actual?.max).toBe(expected.max);
}

describe("sweepCurves", () => {
  it("mean, std, min and max over seeds per epoch and config; non-finite metrics left out", async () => {
    const curves = await storage.sweepCurves(ids.main, 100);
    const key = (benchmark: string, activation: string) =>
      trialOf(benchmark, activation, 0).configKey;
    // only configs with a recorded epoch: gem N=2 never ran
    expect(curves.map((c) => c.configKey).sort(byText)).toEqual(
      [
        key("sleep", "relu"),
        key("sleep", "gelu"),
        key("sleep", "gem|N=1"),
        key("fashion-mnist-mlp", "relu"),
      ].sort(byText),
    );
    const relu = curves.find((c) => c.configKey === key("sleep", "relu"))!;
    expect(relu).toMatchObject({
      benchmark: "sleep",
      activation: "relu",
      n: null,
      eps: null,
      alpha: null,
    });
    expect(relu.points.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expectPoint(relu.points[0], [0.5, 0.52, 0.54]);
    expectPoint(relu.points[1], [0.6, 0.62]); // seed 2's NaN is not in the band
    expectPoint(relu.points[2], [0.7, 0.72]); // nor its +Infinity
    // every recorded epoch counts, whatever became of its trial (running, failed)
    const gelu = curves.find((c) => c.configKey === key("sleep", "gelu"))!;
    expectPoint(gelu.points[0], [0.6, 0.55, 0.3]);
    expectPoint(gelu.points[1], [0.7, 0.65]);
    expectPoint(gelu.points[2], [0.8]); // one seed: no std
    const gem = curves.find((c) => c.configKey === key("sleep", "gem|N=1"))!;
    expect(gem).toMatchObject({ activation: "gem", n: 1 });
    expectPoint(gem.points[0], [0.9, 0.1]);
  });

  it("at most `limit` configs, in benchmark then config order", async () => {
    const all = await storage.sweepCurves(ids.main, 100);
    const ordered = [...all].sort(
      (a, b) => byText(a.benchmark, b.benchmark) || byText(a.configKey, b.configKey),
    );
    expect(all.map((c) => c.configKey)).toEqual(ordered.map((c) => c.configKey));
    const two = await storage.sweepCurves(ids.main, 2);
    expect(two).toEqual(all.slice(0, 2));
    expect(await storage.sweepCurves(ids.untouched, 100)).toEqual([]);
  });
});

describe("pruning", () => {
  it("sweepPrunerSpec: the sweep's pruner, none when it asked for none, null for no sweep", async () => {
    expect(await storage.sweepPrunerSpec(ids.main)).toEqual({
      strategy: "median",
      warmupEpochs: 1,
      minTrials: 2,
    });
    expect(await storage.sweepPrunerSpec(ids.other)).toEqual({ strategy: "none" });
    expect(await storage.sweepPrunerSpec(randomUUID())).toBeNull();
  });

  it("pruningSnapshot: the trial's curve up to the epoch, completed same-sweep same-benchmark peers at that epoch", async () => {
    const running = trialOf("sleep", "gelu", 1);
    const snapshot = await storage.pruningSnapshot(jobOf(running), 2);
    expect(snapshot.trial).toEqual({
      id: running.id,
      configKey: running.configKey,
      benchmark: "sleep",
      seed: 1,
      status: "RUNNING",
      stage: "COMPARE",
      groupKey: null,
      sample: null,
      rung: null,
      curve: [
        { epoch: 1, metric: 0.55 },
        { epoch: 2, metric: 0.65 },
      ],
    });
    // not the diverged, failed or pruned trials, not fashion-mnist-mlp's, not the other sweep's
    const peers = [
      [trialOf("sleep", "relu", 0), 0.6],
      [trialOf("sleep", "relu", 1), 0.62],
      [trialOf("sleep", "gelu", 0), 0.7],
      [trialOf("sleep", "gem|N=1", 0), 0.95],
    ] as const;
    const byId = (a: { id?: string }, b: { id?: string }) => byText(a.id!, b.id!);
    expect([...snapshot.completed].sort(byId)).toEqual(
      peers
        .map(([t, metric]) => ({
          id: t.id,
          configKey: t.configKey,
          benchmark: "sleep",
          seed: t.seed,
          status: "COMPLETED",
          stage: "COMPARE",
          groupKey: t.configKey,
          sample: null,
          rung: null,
          curve: [{ epoch: 2, metric }],
        }))
        .sort(byId),
    );
    expect((await storage.pruningSnapshot(jobOf(running), 1)).trial.curve).toEqual([
      { epoch: 1, metric: 0.55 },
    ]);
    expect((await storage.pruningSnapshot(jobOf(running), 4)).completed).toEqual([]);
  });
});

describe("workers and the metrics snapshot", () => {
  /**
   * Heartbeats the live workers and the stopped one (a worker that just stopped: recent, yet
   * not alive) now, and makes sure OLD's last heartbeat is over a second old.
   */
  async function freshHeartbeats(): Promise<void> {
    await sleep(Math.max(0, oldRegisteredAt + 1200 - Date.now()));
    for (const id of [CPU, WASM, STOPPED]) await storage.workers.heartbeat(id, null);
  }

  it("workerRows: live workers (or all), alive, attempts completed, recent samples/s", async () => {
    await freshHeartbeats();
    const live = await storage.workerRows({ aliveWithinMs: 1000, all: false });
    expect(live.map((w) => w.id).sort(byText)).toEqual([CPU, WASM].sort(byText));
    // cpu: relu 0, 1, gelu 0, gem N=1 seed 0, the pruned trial's attempt, fashion relu 0, the other sweep's trial
    expect(live.find((w) => w.id === CPU)).toMatchObject({
      backend: "cpu",
      alive: true,
      trialsDone: 7,
      samplesPerSec: 100,
    });
    expect(live.find((w) => w.id === WASM)).toMatchObject({
      backend: "wasm",
      alive: true,
      trialsDone: 0,
      samplesPerSec: 40,
    });
    const all = await storage.workerRows({ aliveWithinMs: 1000, all: true });
    expect(all.map((w) => w.id).sort(byText)).toEqual([CPU, WASM, OLD, STOPPED].sort(byText));
    expect(all.find((w) => w.id === OLD)).toMatchObject({
      alive: false,
      trialsDone: 0,
      samplesPerSec: null,
    });
    expect(all.find((w) => w.id === STOPPED)).toMatchObject({ status: "STOPPED", alive: false });
    // newest first
    expect(all.map((w) => w.startedAt.getTime())).toEqual(
      all.map((w) => w.startedAt.getTime()).sort((a, b) => b - a),
    );
  });

  it("workerStatus: a worker's status, DRAINING once asked to drain, null for no worker", async () => {
    expect(await storage.workerStatus(WASM)).toBe("ACTIVE");
    expect(await storage.workerStatus(STOPPED)).toBe("STOPPED");
    expect(await storage.workerStatus("no-such-worker")).toBeNull();
  });

  it("metricsSnapshot: trials and sweeps by status over everything, live workers by backend", async () => {
    await freshHeartbeats();
    const snapshot = await storage.metricsSnapshot({ aliveWithinMs: 1000 });
    // main: 15 queued, 1 running, 5 completed, 1 diverged, 1 failed, 1 pruned; other: 1 completed;
    // cancelled: 2 cancelled; untouched: 1 queued
    expect(snapshot.trials).toEqual({
      WAITING: 0,
      QUEUED: 16,
      RUNNING: 1,
      COMPLETED: 6,
      DIVERGED: 1,
      FAILED: 1,
      PRUNED: 1,
      CANCELLED: 2,
    });
    expect(snapshot.sweeps).toEqual({
      QUEUED: 1,
      RUNNING: 1,
      COMPLETED: 1,
      CANCELLED: 1,
      FAILED: 0,
    });
    expect(snapshot.workersAlive).toEqual({ cpu: 1, wasm: 1 });
    await storage.workers.drain(WASM);
    expect(await storage.workerStatus(WASM)).toBe("DRAINING");
    expect((await storage.metricsSnapshot({ aliveWithinMs: 1000 })).workersAlive).toEqual({
      cpu: 1,
      wasm: 1,
    }); // draining is alive
  });
});

describe("ping", () => {
  it("resolves while PostgreSQL answers, rejects when it cannot be reached", async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
    const nowhere = GemSweepStorage.open("postgresql://nobody@127.0.0.1:9/none", { max: 1 });
    try {
      await expect(nowhere.ping()).rejects.toThrow();
    } finally {
      await nowhere.close();
    }
  });
});
