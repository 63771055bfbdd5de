import { TX_OPTIONS } from "./transaction-options.js";
import { ErrorCode, GemSweepError, TERMINAL_TRIAL_STATUSES, type TrialStatus } from "@gemsweep/core";
import type { AttemptStatus, Prisma, PrismaClient } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** One epoch's numbers as a worker reports them. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  metric: number;
  trainLoss?: number | null;
  samplesPerSec?: number | null;
  epochSeconds?: number | null;
  gradNorm?: number | null;
  health?: unknown;
}

export type AttemptStart =
  | { kind: "run"; attemptId: string; number: number; sweepId: string; checkpoint: string | null; epochsDone: number }
  | { kind: "skip"; status: TrialStatus };

export type AttemptOutcome =
  | { status: "COMPLETED"; finalMetric: number | null; bestMetric: number | null; finalLoss: number | null }
  | { status: "DIVERGED"; error: string; finalMetric?: number | null; finalLoss?: number | null }
  | { status: "PRUNED" }
  | { status: "FAILED"; error: string; final: boolean }
  | { status: "INTERRUPTED" };

/** Postgres stores no NaN in our columns' meaning: a non-finite number is recorded as null. */
function finite(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/**
 * Trial-level writes from workers. Every write is idempotent under retries: attempts are
 * numbered per trial, epochs are unique per trial (a re-run epoch overwrites, never duplicates),
 * and a trial that already ended is never started again.
 */
export class TrialStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Opens attempt n+1 (closing any attempt a dead worker left RUNNING) and marks the trial RUNNING. */
  async beginAttempt(trialId: string, workerId: string): Promise<AttemptStart> {
    return this.prisma.$transaction(async (tx) => {
      // Row lock: two workers racing for the same trial (a stalled job re-delivered) serialize here.
      await tx.$queryRaw`SELECT id FROM "Trial" WHERE id = ${assertUuid(trialId, "trial")}::uuid FOR UPDATE`;
      const trial = await tx.trial.findUnique({ where: { id: trialId } });
      if (!trial) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${trialId} not found`);
      if (TERMINAL_TRIAL_STATUSES.has(trial.status)) return { kind: "skip", status: trial.status };
      await tx.attempt.updateMany({ where: { trialId, status: "RUNNING" }, data: { status: "STALLED", finishedAt: new Date() } });
      const last = await tx.attempt.findFirst({ where: { trialId }, orderBy: { number: "desc" } });
      const withCheckpoint = await tx.attempt.findFirst({ where: { trialId, checkpoint: { not: null } }, orderBy: { number: "desc" } });
      const attempt = await tx.attempt.create({ data: { trialId, workerId, number: (last?.number ?? 0) + 1 } });
      await tx.trial.update({ where: { id: trialId }, data: { status: "RUNNING", startedAt: trial.startedAt ?? new Date(), error: null } });
      return {
        kind: "run",
        attemptId: attempt.id,
        number: attempt.number,
        sweepId: trial.sweepId,
        checkpoint: withCheckpoint?.checkpoint ?? null,
        epochsDone: trial.epochsDone,
      };
    }, TX_OPTIONS);
  }

  /** Records an epoch (upsert on trial+epoch) and where its checkpoint is. */
  async recordEpoch(trialId: string, attemptId: string, record: EpochRecord, checkpoint?: string): Promise<void> {
    const data = {
      attemptId,
      loss: finite(record.loss) ?? Number.NaN,
      metric: finite(record.metric) ?? Number.NaN,
      trainLoss: finite(record.trainLoss),
      samplesPerSec: finite(record.samplesPerSec),
      epochSeconds: finite(record.epochSeconds),
      gradNorm: finite(record.gradNorm),
      health: (record.health ?? undefined) as Prisma.InputJsonValue | undefined,
    };
    await this.prisma.$transaction([
      this.prisma.epochMetric.upsert({
        where: { trialId_epoch: { trialId, epoch: record.epoch } },
        create: { trialId, epoch: record.epoch, ...data },
        update: { ...data, recordedAt: new Date() },
      }),
      this.prisma.trial.update({ where: { id: trialId }, data: { epochsDone: { set: record.epoch } } }),
      ...(checkpoint ? [this.prisma.attempt.update({ where: { id: attemptId }, data: { checkpoint } })] : []),
    ]);
  }

  /** Whether the trial was cancelled (or otherwise ended) while this attempt ran. */
  async isStopped(trialId: string): Promise<boolean> {
    const trial = await this.prisma.trial.findUnique({ where: { id: trialId }, select: { status: true } });
    return !trial || trial.status === "CANCELLED" || trial.status === "PRUNED";
  }

  /** Closes the attempt and moves the trial on: ended (a result), or back to QUEUED. */
  async finishAttempt(trialId: string, attemptId: string, outcome: AttemptOutcome): Promise<void> {
    const now = new Date();
    const attemptStatus: AttemptStatus =
      outcome.status === "PRUNED" ? "COMPLETED" : outcome.status === "INTERRUPTED" ? "INTERRUPTED" : outcome.status;
    const error = "error" in outcome ? outcome.error.slice(0, 4000) : null;
    let trialData: Prisma.TrialUpdateInput;
    switch (outcome.status) {
      case "COMPLETED":
        trialData = { status: "COMPLETED", finishedAt: now, finalMetric: finite(outcome.finalMetric), bestMetric: finite(outcome.bestMetric), finalLoss: finite(outcome.finalLoss) };
        break;
      case "DIVERGED":
        trialData = { status: "DIVERGED", finishedAt: now, error, finalMetric: finite(outcome.finalMetric), finalLoss: finite(outcome.finalLoss) };
        break;
      case "PRUNED":
        trialData = { status: "PRUNED", finishedAt: now };
        break;
      case "FAILED":
        trialData = outcome.final ? { status: "FAILED", finishedAt: now, error } : { status: "QUEUED", error };
        break;
      case "INTERRUPTED":
        trialData = { status: "QUEUED" };
        break;
    }
    await this.prisma.$transaction(async (tx) => {
      await tx.attempt.update({ where: { id: attemptId }, data: { status: attemptStatus, finishedAt: now, error } });
      // A cancel that landed while we ran wins over the attempt's own result.
      await tx.trial.updateMany({ where: { id: trialId, status: { notIn: ["CANCELLED"] } }, data: trialData as Prisma.TrialUpdateManyMutationInput });
    }, TX_OPTIONS);
  }

  async getTrial(id: string) {
    const trial = await this.prisma.trial.findUnique({
      where: { id: assertUuid(id, "trial") },
      include: { attempts: { orderBy: { number: "asc" } }, epochs: { orderBy: { epoch: "asc" } } },
    });
    if (!trial) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${id} not found`);
    return trial;
  }

  async listTrials(sweepId: string, options: { status?: TrialStatus; limit?: number; offset?: number } = {}) {
    return this.prisma.trial.findMany({
      where: { sweepId: assertUuid(sweepId, "sweep"), ...(options.status ? { status: options.status } : {}) },
      orderBy: [{ configKey: "asc" }, { seed: "asc" }],
      take: options.limit ?? 1000,
      skip: options.offset ?? 0,
      include: { _count: { select: { attempts: true } } },
    });
  }
}
