import { isGemSweepError, parseTrialJob, type ReproRecord, type TrialJob } from "@gemsweep/contracts";
import { rm } from "node:fs/promises";
import path from "node:path";
import { UnrecoverableError, WaitingError, type Job } from "bullmq";
import {
  crashPoint,
  type AttemptOutcome,
  type EpochRecord,
  type Orchestrator,
  type SweepStore,
  type TrialLogStore,
  type TrialStore,
} from "@gemsweep/db";
import { datasetChecksumsOf, trainTrial, type EpochMetrics } from "@gemsweep/trainer";
import { AttemptLog } from "./attempt-log.js";
import { classifyFailure } from "./failure-kind.js";
import type { LiveEvents } from "./live-events.js";
import type { RuntimeRecord } from "./runtime-record.js";
import type { TrialPruning } from "./trial-pruning.js";
import type { WorkerSettings } from "./worker-settings.js";

export interface ProcessorContext {
  settings: WorkerSettings;
  trials: TrialStore;
  sweeps: SweepStore;
  /** where each attempt's log lines go */
  logs: Pick<TrialLogStore, "append">;
  /** what every attempt's reproducibility record shares (code, versions, backend, device) */
  runtime: RuntimeRecord;
  pruning: TrialPruning;
  /** Moves a two-stage sweep's tuned configs to stage 2 (Orchestrator.advance). */
  stages: Pick<Orchestrator, "advance">;
  events: LiveEvents;
  /** true once SIGTERM (or a drain from the dashboard) asked this worker to stop. */
  draining(): boolean;
  /** Trials this process is running now (for the heartbeat's currentTrialId). */
  running: Set<string>;
  /** A trial was handed back because the database did not answer (DatabaseOutageGate). */
  databaseDown(): void;
}

/** Yield to the event loop at least this often during training, so BullMQ's lock renewal and heartbeats run. */
const YIELD_EVERY_MS = 200;
/** How often a running trial checks whether it was cancelled. */
const CANCEL_POLL_MS = 2000;

/**
 * Puts the job back at the front of the queue, without spending one of its attempts: a trial
 * that had started (a drain, a database outage) goes on before trials that have not, instead of
 * waiting behind the rest of the sweep with its checkpoint on disk. The caller throws the
 * returned WaitingError, which tells BullMQ the job has been moved already.
 */
async function handBack(job: Job, token: string | undefined): Promise<WaitingError> {
  await job.moveToWait(token);
  return new WaitingError();
}

/** A layer with at least this fraction of dead units at an epoch is logged as a warning. */
const DEAD_UNITS_WARNING = 0.5;

/** What this attempt runs with: the process's record, the dataset's checksums and the resolved config. */
function reproRecordOf(job: TrialJob, runtime: RuntimeRecord): ReproRecord {
  return {
    ...runtime,
    dataset: datasetChecksumsOf(job.benchmark),
    config: { benchmark: job.benchmark, activation: { ...job.activation }, hyper: { ...job.hyper }, seed: job.seed, configKey: job.configKey },
    recordedAt: new Date().toISOString(),
  };
}

/**
 * Hands the job back without spending an attempt: the database is the record of what ran, so
 * while it is unreachable nothing can be started, recorded or failed, and the only safe move is
 * to wait for it. This worker first stops taking jobs until its database answers
 * (DatabaseOutageGate), so a worker that can reach it takes the job instead, and a database
 * that is down for everyone costs each worker one try, not a loop.
 */
async function deferWhileDatabaseIsDown(
  job: Job,
  token: string | undefined,
  ctx: Pick<ProcessorContext, "settings" | "databaseDown">,
  cause: unknown,
): Promise<WaitingError> {
  ctx.databaseDown();
  console.error(
    `worker ${ctx.settings.workerId}: database unavailable (${(cause as Error)?.message?.split("\n").at(-1) ?? String(cause)}); trial job ${job.id} handed back to the queue`,
  );
  return handBack(job, token);
}

/**
 * Runs one trial job: opens an attempt, trains (resuming from the trial's last checkpoint),
 * records each epoch as it happens, and closes the attempt with the outcome. Retried attempts
 * and re-delivered jobs are safe: a finished trial is skipped, epochs are upserted.
 */
export async function processTrialJob(
  job: Job,
  token: string | undefined,
  ctx: ProcessorContext,
): Promise<string> {
  let payload: TrialJob;
  try {
    payload = parseTrialJob(job.data);
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  const { trials, events, settings } = ctx;
  let start: Awaited<ReturnType<TrialStore["beginAttempt"]>>;
  try {
    start = await trials.beginAttempt(payload.trialId, settings.workerId, reproRecordOf(payload, ctx.runtime));
  } catch (error) {
    if (isGemSweepError(error)) throw error; // e.g. the trial does not exist
    throw await deferWhileDatabaseIsDown(job, token, ctx, error);
  }
  if (start.kind === "skip") return `skipped: trial already ${start.status}`;
  const startedAt = performance.now();
  const log = new AttemptLog(ctx.logs, payload.trialId, start.attemptId);
  log.logger.info(
    {
      attempt: start.number,
      workerId: settings.workerId,
      backend: ctx.runtime.backend,
      device: ctx.runtime.device,
      benchmark: payload.benchmark,
      configKey: payload.configKey,
      seed: payload.seed,
      epochs: payload.hyper.epochs,
      resumeAfterEpoch: start.epochsDone,
    },
    `attempt ${start.number} started on ${settings.workerId} (${ctx.runtime.backend} on ${ctx.runtime.device})${start.epochsDone > 0 ? `, resuming after epoch ${start.epochsDone}` : ""}`,
  );

  const checkpointDir = path.join(settings.checkpointDir, payload.trialId);
  events.publish({
    type: "trial",
    sweepId: payload.sweepId,
    trialId: payload.trialId,
    status: "RUNNING",
    attempt: start.number,
    workerId: settings.workerId,
  });
  ctx.running.add(payload.trialId);

  // The sweep is completed right after its last open trial ends (see TrialStore.finishAttempt).
  let othersOpen = true;
  // The last epoch is written with the attempt's outcome, a moment later: one statement fewer per trial.
  let lastEpoch: { record: EpochRecord; checkpoint: string } | undefined;
  const finish = async (outcome: AttemptOutcome): Promise<void> => {
    const { status, ...details } = outcome;
    const seconds = Math.round((performance.now() - startedAt) / 10) / 100;
    const line = { outcome: status, seconds, ...details };
    if (status === "COMPLETED") log.logger.info(line, `attempt ${start.number} ended: ${status} in ${seconds} s`);
    else if (status !== "FAILED") log.logger.warn(line, `attempt ${start.number} ended: ${status} in ${seconds} s`);
    await log.close(); // every line is stored before the trial's status says it ended
    othersOpen = (await trials.finishAttempt(payload.trialId, start.attemptId, outcome, lastEpoch))
      .othersOpen;
  };
  let cancelled = false;
  // Another worker took this trial over: its job was re-delivered while this worker was cut off
  // (a network partition, a stopped process); this attempt was closed and must write nothing more.
  let superseded = false;
  let pruned: string | null = null;
  let prunedAtRung: number | undefined;
  let lastCancelPoll = Date.now();
  let lastYield = performance.now();
  const shouldStop = (): boolean | Promise<boolean> => {
    if (cancelled || superseded || pruned !== null || ctx.draining()) return true;
    if (Date.now() - lastCancelPoll > CANCEL_POLL_MS) {
      lastCancelPoll = Date.now();
      return trials.stopReason(payload.trialId, start.attemptId).then((reason) => {
        cancelled = reason === "cancelled";
        superseded = reason === "superseded";
        return reason !== null;
      });
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      lastYield = performance.now();
      return new Promise((resolve) => setImmediate(() => resolve(cancelled || ctx.draining())));
    }
    return false;
  };
  const onEpoch = async (m: EpochMetrics): Promise<boolean> => {
    const record = epochRecordOf(m);
    const { health, ...numbers } = record;
    log.logger.info(numbers, `epoch ${m.epoch}/${payload.hyper.epochs}: metric ${m.metric}, loss ${m.loss}`);
    for (const layer of (health ?? []) as { layer?: string; site?: string; deadFraction?: number }[]) {
      if ((layer.deadFraction ?? 0) >= DEAD_UNITS_WARNING)
        log.logger.warn({ epoch: m.epoch, layer: layer.layer ?? layer.site, deadFraction: layer.deadFraction }, `epoch ${m.epoch}: ${Math.round((layer.deadFraction ?? 0) * 100)}% dead units in ${layer.layer ?? layer.site ?? "a layer"}`);
    }
    if (m.epoch >= payload.hyper.epochs) lastEpoch = { record, checkpoint: checkpointDir };
    else if (!(await trials.recordEpoch(payload.trialId, start.attemptId, record, checkpointDir))) {
      superseded = true; // nothing was written: abandon, and write no checkpoint the new owner could resume from
      return false;
    }
    events.publish({
      type: "epoch",
      sweepId: payload.sweepId,
      trialId: payload.trialId,
      epoch: m.epoch,
      loss: m.loss,
      metric: m.metric,
      samplesPerSec: m.samplesPerSec,
    });
    if (m.epoch < payload.hyper.epochs) {
      const decision = await ctx.pruning.decide(payload, m.epoch);
      if (decision?.prune) {
        pruned = decision.reason;
        prunedAtRung = decision.rung;
        log.logger.warn({ epoch: m.epoch, reason: decision.reason, rung: decision.rung }, `pruned at epoch ${m.epoch}: ${decision.reason}`);
      } else if (decision?.rung !== undefined) await trials.recordRung(payload.trialId, decision.rung);
    }
    return true;
  };

  let checkpointsSkipped = 0;
  const onCheckpointSkipped = (error: Error, epoch: number): void => {
    if (checkpointsSkipped++ > 0) return; // once per attempt: a full disk would repeat it every epoch
    console.error(
      `worker ${settings.workerId}: trial ${payload.trialId}: checkpoint after epoch ${epoch} not written (${error.message}); training goes on, a resume would start from the previous one`,
    );
  };

  try {
    const result = await trainTrial(
      {
        benchmark: payload.benchmark,
        activation: payload.activation,
        hyper: payload.hyper,
        seed: payload.seed,
        checkpointDir,
        resume: true,
        attempt: start.number,
        ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
      },
      { onEpoch, shouldStop, onCheckpointSkipped },
    );
    if (superseded) {
      console.error(
        `worker ${settings.workerId}: trial ${payload.trialId} attempt ${start.number} was taken over by another worker (its job was re-delivered while this one could not renew its lock); this attempt stops and records nothing`,
      );
      return "superseded";
    }
    if (result.status === "completed" && !lastEpoch) {
      // Resumed from the checkpoint written after the last epoch (the attempt that trained it
      // ended before recording its result): no epoch ran here, the last one is in the result.
      const last = result.epochs.at(-1);
      if (last) lastEpoch = { record: epochRecordOf(last), checkpoint: checkpointDir };
    }
    if (result.status === "completed") {
      await finish({
        status: "COMPLETED",
        finalMetric: result.finalMetric,
        // best = the epoch with the best validation metric, reported on the benchmark's reported split
        bestMetric: result.best?.metric ?? null,
        bestEpoch: result.best?.epoch ?? null,
        finalLoss: result.finalLoss,
      });
    } else if (result.status === "diverged") {
      await finish({
        status: "DIVERGED",
        error: result.reason ?? "non-finite loss or gradient",
        finalLoss: null,
      });
    } else if (pruned !== null) {
      await finish({
        status: "PRUNED",
        reason: pruned,
        ...(prunedAtRung !== undefined ? { rung: prunedAtRung } : {}),
      });
    } else if (cancelled) {
      await finish({ status: "INTERRUPTED" });
    } else {
      // Draining: the last epoch's checkpoint is on disk; hand the job back without spending a retry.
      await finish({ status: "INTERRUPTED" });
      events.publish({
        type: "trial",
        sweepId: payload.sweepId,
        trialId: payload.trialId,
        status: "QUEUED",
      });
      throw await handBack(job, token);
    }
    events.publish({
      type: "trial",
      sweepId: payload.sweepId,
      trialId: payload.trialId,
      status: pruned !== null ? "PRUNED" : cancelled ? "CANCELLED" : result.status === "diverged" ? "DIVERGED" : "COMPLETED",
    });
    // A result is final: nothing will resume from the checkpoint (a cancelled trial keeps it,
    // for `gemsweep resume`; a failed one, to look at).
    const ended = result.status === "completed" || result.status === "diverged" || pruned !== null;
    if (ended && !settings.keepCheckpoints) await rm(checkpointDir, { recursive: true, force: true }).catch(() => undefined);
    if (ended && payload.stage === "TUNE") await advanceStages(ctx, payload);
    return result.status;
  } catch (error) {
    if (error instanceof WaitingError) throw error;
    const kind = classifyFailure(error);
    const message = error instanceof Error ? error.message : String(error);
    const final = kind === "bad-config" || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    log.logger.error(
      { err: error, failure: kind, final },
      `attempt ${start.number} failed (${kind}${final ? ", not retried" : ", will be retried"}): ${message}`,
    );
    try {
      await finish({
        status: "FAILED",
        error: message,
        final,
      });
    } catch (unrecorded) {
      // The outcome cannot be written (the database is down): failing the job now would spend
      // its retries on the outage and, on the last one, drop a trial the database still calls
      // RUNNING. Keep the job instead; the next attempt starts from the last recorded epoch.
      throw await deferWhileDatabaseIsDown(job, token, ctx, unrecorded);
    }
    events.publish({
      type: "trial",
      sweepId: payload.sweepId,
      trialId: payload.trialId,
      status: final ? "FAILED" : "QUEUED",
    });
    if (final && payload.stage === "TUNE") await advanceStages(ctx, payload);
    throw kind === "bad-config" ? new UnrecoverableError(message) : error;
  } finally {
    await log.close();
    ctx.running.delete(payload.trialId);
    if (!othersOpen) await ctx.sweeps.refreshStatus(payload.sweepId).catch(() => undefined);
  }
}

/** An epoch's numbers as the database records them. */
function epochRecordOf(m: EpochMetrics): EpochRecord {
  return {
    epoch: m.epoch,
    loss: m.loss,
    metric: m.metric,
    valMetric: m.valMetric,
    valLoss: m.valLoss,
    testMetric: m.testMetric,
    testLoss: m.testLoss,
    lr: m.lr,
    trainLoss: m.trainLoss,
    samplesPerSec: m.samplesPerSec,
    epochSeconds: m.epochSeconds,
    gradNorm: m.gradNorm,
    health: m.health,
    deadFraction: m.deadFraction,
    nearDeadFraction: m.nearDeadFraction,
  };
}

/**
 * After a tuning trial ended: its config may have no tuning trial left, so the orchestrator
 * stores the choice and opens the config's stage 2 (a no-op otherwise). A failure here loses
 * nothing: every worker's reaper makes the same transition at its next heartbeat.
 */
async function advanceStages(ctx: ProcessorContext, payload: TrialJob): Promise<void> {
  crashPoint("tuning-trial-finished");
  try {
    const opened = await ctx.stages.advance(payload.sweepId);
    for (const t of opened)
      console.error(
        `worker ${ctx.settings.workerId}: ${t.configKey} stage 2 ${t.choice.values ? `opened, ${t.opened} trials` : "closed"}: ${t.choice.reason}`,
      );
  } catch (error) {
    console.error(`worker ${ctx.settings.workerId}: stage transition of sweep ${payload.sweepId} left to the reaper: ${(error as Error).message.split("\n").at(-1)}`);
  }
}
