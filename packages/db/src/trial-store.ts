import { ErrorCode, GemSweepError, type TrialStatus } from "@gemsweep/contracts";
import { sqlPoolOf, type AttemptStatus, type PrismaClient } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** One epoch's numbers as a worker reports them. */
export interface EpochRecord {
  epoch: number;
  /** the selection loss and metric: validation's when the trial has a validation split, else test's */
  loss: number;
  metric: number;
  valMetric?: number | null;
  valLoss?: number | null;
  testMetric?: number | null;
  testLoss?: number | null;
  /** the learning rate of the epoch's last update */
  lr?: number | null;
  trainLoss?: number | null;
  samplesPerSec?: number | null;
  epochSeconds?: number | null;
  gradNorm?: number | null;
  health?: unknown;
  /** over all activation sites: dead units (output and derivative exactly zero on the whole health batch), near-dead units (pre-activation negative on >= 99% of it) */
  deadFraction?: number | null;
  nearDeadFraction?: number | null;
}

export type AttemptStart =
  | {
      kind: "run";
      attemptId: string;
      number: number;
      sweepId: string;
      checkpoint: string | null;
      epochsDone: number;
    }
  | { kind: "skip"; status: TrialStatus };

export type AttemptOutcome =
  | {
      status: "COMPLETED";
      /** the reported metric at the last epoch */
      finalMetric: number | null;
      /** the reported metric at bestEpoch, the epoch with the best validation metric (null without validation) */
      bestMetric: number | null;
      bestEpoch?: number | null;
      finalLoss: number | null;
    }
  | { status: "DIVERGED"; error: string; finalMetric?: number | null; finalLoss?: number | null }
  | { status: "PRUNED"; reason: string; /** the ASHA rung it stopped at */ rung?: number }
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
// Prisma stores DateTime as UTC in timestamp(3) columns; hand-written statements write
// timezone('UTC', now()) so their times read back the same whatever the server's TimeZone.
export class TrialStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Opens attempt n+1 (closing any attempt a dead worker left RUNNING), marks the trial RUNNING
   * and its sweep RUNNING. One statement, one round trip: this is on every trial's hot path.
   * The row lock serializes two workers racing for the same trial (a stalled job re-delivered);
   * the loser fails on the (trialId, number) key and its job is retried, seeing the trial taken.
   * `repro`, the attempt's reproducibility record (contracts' ReproRecord), is stored with it.
   */
  async beginAttempt(trialId: string, workerId: string, repro?: unknown): Promise<AttemptStart> {
    const id = assertUuid(trialId, "trial");
    const { rows } = await sqlPoolOf(this.prisma).query<{
      status: TrialStatus;
      sweepId: string;
      epochsDone: number;
      attemptId: string | null;
      number: number | null;
      checkpoint: string | null;
    }>({
      name: "gemsweep.begin-attempt",
      text: `
      WITH t AS (
        SELECT id, status, "sweepId", "epochsDone" FROM "Trial" WHERE id = $1::uuid FOR UPDATE
      ), open AS (
        SELECT t.* FROM t WHERE t.status IN ('QUEUED', 'RUNNING')
      ), stalled AS (
        UPDATE "Attempt" SET status = 'STALLED', "finishedAt" = timezone('UTC', now())
        WHERE "trialId" = $1::uuid AND status = 'RUNNING' AND EXISTS (SELECT 1 FROM open)
      ), prev AS (
        SELECT coalesce(max(number), 0) AS n,
               (SELECT checkpoint FROM "Attempt" WHERE "trialId" = $1::uuid AND checkpoint IS NOT NULL ORDER BY number DESC LIMIT 1) AS checkpoint
        FROM "Attempt" WHERE "trialId" = $1::uuid
      ), attempt AS (
        INSERT INTO "Attempt" (id, "trialId", number, "workerId", status, "startedAt", repro)
        SELECT gen_random_uuid(), open.id, prev.n + 1, $2, 'RUNNING', timezone('UTC', now()), $3::jsonb FROM open, prev
        RETURNING id, number
      ), trial AS (
        UPDATE "Trial" SET status = 'RUNNING', "startedAt" = coalesce("startedAt", timezone('UTC', now())), error = NULL
        WHERE id IN (SELECT id FROM open)
      ), sweep AS (
        UPDATE "Sweep" SET status = 'RUNNING' WHERE id IN (SELECT "sweepId" FROM open) AND status = 'QUEUED'
      )
      SELECT t.status, t."sweepId"::text AS "sweepId", t."epochsDone", attempt.id::text AS "attemptId", attempt.number, prev.checkpoint
      FROM t CROSS JOIN prev LEFT JOIN attempt ON true`,
      values: [id, workerId, repro === undefined ? null : JSON.stringify(repro)],
    });
    const row = rows[0];
    if (!row) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${trialId} not found`);
    if (!row.attemptId || row.number === null) return { kind: "skip", status: row.status };
    return {
      kind: "run",
      attemptId: row.attemptId,
      number: row.number,
      sweepId: row.sweepId,
      checkpoint: row.checkpoint,
      epochsDone: row.epochsDone,
    };
  }

  /**
   * Records an epoch (upsert on trial+epoch: a re-run epoch overwrites) and where its checkpoint
   * is; one statement. Only the trial's live attempt writes: an attempt that was superseded (its
   * job re-delivered to another worker while this one was cut off) or closed writes nothing and
   * gets `false`, which tells its worker to stop. See liveAttemptSql for the locking.
   */
  async recordEpoch(
    trialId: string,
    attemptId: string,
    record: EpochRecord,
    checkpoint?: string,
  ): Promise<boolean> {
    const { rows } = await sqlPoolOf(this.prisma).query<{ live: boolean }>({
      name: "gemsweep.record-epoch",
      text: `WITH ${liveAttemptSql}, epoch AS (${epochUpsertSql}), trial AS (
        UPDATE "Trial" SET "epochsDone" = $3 WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM live)
      ), attempt AS (
        UPDATE "Attempt" SET checkpoint = coalesce($18, checkpoint) WHERE id IN (SELECT id FROM live)
      )
      SELECT EXISTS (SELECT 1 FROM live) AS live`,
      values: [...epochValues(trialId, attemptId, record), checkpoint ?? null],
    });
    return rows[0]?.live ?? false;
  }

  /**
   * Records that a rung scheduler (ASHA) promoted the trial from `rung`: the trial's rung only
   * grows, so a re-delivered epoch never lowers it, and a resumed trial is not decided twice.
   */
  async recordRung(trialId: string, rung: number): Promise<void> {
    await sqlPoolOf(this.prisma).query({
      name: "gemsweep.record-rung",
      text: `UPDATE "Trial" SET rung = $2::int WHERE id = $1::uuid AND (rung IS NULL OR rung < $2::int)`,
      values: [assertUuid(trialId, "trial"), rung],
    });
  }

  /**
   * Whether a running attempt should stop, and why: its trial was cancelled (or pruned), or the
   * attempt was superseded (its job re-delivered to another worker, which marked it STALLED).
   * null: carry on.
   */
  async stopReason(trialId: string, attemptId: string): Promise<"cancelled" | "superseded" | null> {
    const trial = await this.prisma.trial.findUnique({
      where: { id: trialId },
      select: { status: true },
    });
    if (!trial || trial.status === "CANCELLED" || trial.status === "PRUNED") return "cancelled";
    const attempt = await this.prisma.attempt.findUnique({
      where: { id: attemptId },
      select: { status: true },
    });
    return attempt?.status === "RUNNING" ? null : "superseded";
  }

  /** Whether a running attempt should stop (stopReason is not null). */
  async isStopped(trialId: string, attemptId: string): Promise<boolean> {
    return (await this.stopReason(trialId, attemptId)) !== null;
  }

  /**
   * Closes the attempt and moves the trial on: ended (a result), or back to QUEUED. One
   * statement. Returns whether other trials of the sweep were still open when it ran: when none
   * were, the caller completes the sweep (SweepStore.refreshStatus); two trials finishing at the
   * same instant may each see the other open, which SweepStore.completeFinishedSweeps (run by
   * every worker's heartbeat) settles. The trial's last epoch may ride along (recorded as by
   * recordEpoch): one statement instead of two on every trial's hot path.
   */
  async finishAttempt(
    trialId: string,
    attemptId: string,
    outcome: AttemptOutcome,
    lastEpoch?: { record: EpochRecord; checkpoint?: string },
  ): Promise<{ othersOpen: boolean }> {
    const next = transitionOf(outcome);
    const error =
      "error" in outcome
        ? outcome.error.slice(0, 4000)
        : "reason" in outcome
          ? outcome.reason.slice(0, 4000)
          : null;
    // A cancel that landed while the attempt ran wins over the attempt's own result, and an
    // attempt that was superseded (marked STALLED when its job was re-delivered) changes nothing:
    // the trial's result is its live attempt's.
    const epoch = lastEpoch
      ? epochValues(trialId, attemptId, lastEpoch.record)
      : [assertUuid(trialId, "trial"), attemptId, ...Array<null>(EPOCH_COLUMNS - 2).fill(null)];
    const { rows } = await sqlPoolOf(this.prisma).query<{ othersOpen: boolean }>({
      name: "gemsweep.finish-attempt",
      text: `WITH ${liveAttemptSql}, epoch AS (${epochUpsertSql}), attempt AS (
        UPDATE "Attempt" SET status = $19::"AttemptStatus", "finishedAt" = timezone('UTC', now()), error = $20,
          checkpoint = coalesce($18, checkpoint)
        WHERE id IN (SELECT id FROM live)
        RETURNING id
      )
      UPDATE "Trial" SET
        status = $21::"TrialStatus",
        "finishedAt" = CASE WHEN $22::boolean THEN timezone('UTC', now()) ELSE "finishedAt" END,
        "finalMetric" = CASE WHEN $23::boolean THEN $24::float8 ELSE "finalMetric" END,
        "bestMetric" = CASE WHEN $23::boolean THEN $25::float8 ELSE "bestMetric" END,
        "finalLoss" = CASE WHEN $23::boolean THEN $26::float8 ELSE "finalLoss" END,
        "bestEpoch" = CASE WHEN $23::boolean THEN $27::int ELSE "bestEpoch" END,
        "epochsDone" = coalesce($3::int, "epochsDone"),
        error = coalesce($20, error),
        rung = CASE WHEN $28::int IS NULL THEN rung ELSE greatest(coalesce(rung, -1), $28::int) END
      WHERE id = $1::uuid AND status <> 'CANCELLED' AND EXISTS (SELECT 1 FROM attempt)
      RETURNING gemsweep_sweep_has_open_trials("sweepId", id) AS "othersOpen"`,
      values: [
        ...epoch,
        lastEpoch?.checkpoint ?? null,
        next.attempt,
        error,
        next.trial,
        next.ended,
        next.result !== undefined,
        next.result?.finalMetric ?? null,
        next.result?.bestMetric ?? null,
        next.result?.finalLoss ?? null,
        next.result?.bestEpoch ?? null,
        outcome.status === "PRUNED" ? (outcome.rung ?? null) : null,
      ],
    });
    // no row: a cancelled trial or a superseded attempt; nothing changed, nothing to complete
    return { othersOpen: rows[0]?.othersOpen ?? true };
  }
}

interface Transition {
  attempt: AttemptStatus;
  trial: TrialStatus;
  /** the trial reached a terminal state */
  ended: boolean;
  /** the numbers to store on the trial, when the outcome carries them */
  result?: { finalMetric: number | null; bestMetric: number | null; finalLoss: number | null; bestEpoch: number | null };
}

/** What an attempt's outcome does to the attempt and to its trial. */
function transitionOf(outcome: AttemptOutcome): Transition {
  switch (outcome.status) {
    case "COMPLETED":
      return {
        attempt: "COMPLETED",
        trial: "COMPLETED",
        ended: true,
        result: {
          finalMetric: finite(outcome.finalMetric),
          bestMetric: finite(outcome.bestMetric),
          finalLoss: finite(outcome.finalLoss),
          bestEpoch: outcome.bestEpoch ?? null,
        },
      };
    case "DIVERGED":
      return {
        attempt: "DIVERGED",
        trial: "DIVERGED",
        ended: true,
        result: {
          finalMetric: finite(outcome.finalMetric),
          bestMetric: null,
          finalLoss: finite(outcome.finalLoss),
          bestEpoch: null,
        },
      };
    case "PRUNED":
      return { attempt: "COMPLETED", trial: "PRUNED", ended: true };
    case "FAILED":
      // not final: BullMQ retries the job with backoff, so the trial is queued again
      return outcome.final
        ? { attempt: "FAILED", trial: "FAILED", ended: true }
        : { attempt: "FAILED", trial: "QUEUED", ended: false };
    case "INTERRUPTED":
      return { attempt: "INTERRUPTED", trial: "QUEUED", ended: false };
  }
}

/**
 * The attempt ($2) if it is its trial's ($1) live one, as CTEs `t` and `live`, locking the trial
 * row first and the attempt row second: the order beginAttempt takes them in, so the two never
 * deadlock. Locking the attempt row re-reads it after any concurrent change, so an attempt that
 * beginAttempt marked STALLED a moment ago (its job re-delivered while its worker was cut off)
 * is not live here even though the statement's snapshot is older. A worker back from a network
 * partition thus can neither overwrite its successor's epochs nor finish the trial.
 */
const liveAttemptSql = `t AS (
    SELECT id FROM "Trial" WHERE id = $1::uuid FOR UPDATE
  ), live AS (
    SELECT a.id FROM "Attempt" a JOIN t ON a."trialId" = t.id WHERE a.id = $2::uuid AND a.status = 'RUNNING' FOR UPDATE OF a
  )`;

/**
 * The epoch upsert both statements share, over parameters $1..$17 in epochValues' order
 * (trial, attempt, epoch, loss, metric, trainLoss, samplesPerSec, epochSeconds, gradNorm,
 * health, valMetric, valLoss, testMetric, testLoss, lr, deadFraction, nearDeadFraction): a re-run epoch overwrites its row,
 * never duplicates it. A null epoch inserts nothing, and only the live attempt writes.
 */
const epochUpsertSql = `
  INSERT INTO "EpochMetric" (id, "trialId", "attemptId", epoch, loss, metric, "trainLoss", "samplesPerSec", "epochSeconds", "gradNorm", health,
    "valMetric", "valLoss", "testMetric", "testLoss", lr, "deadFraction", "nearDeadFraction", "recordedAt")
  SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::int, $4::float8, $5::float8, $6::float8, $7::float8, $8::float8, $9::float8, $10::jsonb,
    $11::float8, $12::float8, $13::float8, $14::float8, $15::float8, $16::float8, $17::float8, timezone('UTC', now())
  FROM live WHERE $3::int IS NOT NULL
  ON CONFLICT ("trialId", epoch) DO UPDATE SET
    "attemptId" = EXCLUDED."attemptId", loss = EXCLUDED.loss, metric = EXCLUDED.metric, "trainLoss" = EXCLUDED."trainLoss",
    "samplesPerSec" = EXCLUDED."samplesPerSec", "epochSeconds" = EXCLUDED."epochSeconds", "gradNorm" = EXCLUDED."gradNorm",
    health = EXCLUDED.health, "valMetric" = EXCLUDED."valMetric", "valLoss" = EXCLUDED."valLoss",
    "testMetric" = EXCLUDED."testMetric", "testLoss" = EXCLUDED."testLoss", lr = EXCLUDED.lr,
    "deadFraction" = EXCLUDED."deadFraction", "nearDeadFraction" = EXCLUDED."nearDeadFraction", "recordedAt" = timezone('UTC', now())`;

const EPOCH_COLUMNS = 17;

function epochValues(trialId: string, attemptId: string, record: EpochRecord): unknown[] {
  return [
    assertUuid(trialId, "trial"),
    attemptId,
    record.epoch,
    finite(record.loss) ?? Number.NaN,
    finite(record.metric) ?? Number.NaN,
    finite(record.trainLoss),
    finite(record.samplesPerSec),
    finite(record.epochSeconds),
    finite(record.gradNorm),
    record.health === undefined ? null : JSON.stringify(record.health),
    finite(record.valMetric),
    finite(record.valLoss),
    finite(record.testMetric),
    finite(record.testLoss),
    finite(record.lr),
    finite(record.deadFraction),
    finite(record.nearDeadFraction),
  ];
}
