// Why: raw exports stream a sweep's trials or epochs through a server-side cursor, so a million epoch rows never load at once.
import type { ReproRecord } from "@gemsweep/contracts";
import {
  HYPER_COLUMN_PREFIX,
  rawExportColumns,
  type RawColumn,
  type RawExportWhat,
  type RawRecord,
} from "@gemsweep/core";
import Cursor from "pg-cursor";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { SweepStore } from "./sweep-store.js";

/** Rows fetched from the cursor per round trip (and handed on as one batch). */
export const EXPORT_BATCH_ROWS = 2000;

export interface SweepExport {
  sweep: { id: string; name: string };
  what: RawExportWhat;
  columns: RawColumn[];
  /** Row batches, read from the cursor as they are consumed; stopping early closes the cursor. */
  batches: AsyncGenerator<RawRecord[]>;
}

/** What every row of one trial shares: identity, activation, hyperparameters. */
interface TrialFacts {
  trial_id: string;
  benchmark: string;
  config_key: string;
  /** the comparison config the trial counts in (its own), or tunes for (stage TUNE) */
  group_key: string | null;
  stage: string;
  sample: number | null;
  activation_key: string | null;
  activation: string;
  N: number | null;
  eps: number | null;
  alpha: number | null;
  seed: number;
  status: string;
  hyper: Record<string, unknown> | null;
}

const TRIAL_FACTS_SQL = `t.id::text AS trial_id, t.benchmark, t."configKey" AS config_key,
  t."groupKey" AS group_key, t.stage::text AS stage, t.sample,
  t.config->>'activationKey' AS activation_key, t.activation, t.n AS "N", t.eps, t.alpha, t.seed,
  t.status::text AS status, t.config->'hyper' AS hyper`;

/** A sweep's trials with their outcome and last attempt's record (module constants: no text built per call). */
const TRIAL_ROWS_SQL = `SELECT ${TRIAL_FACTS_SQL}, t."finalMetric" AS final_metric, t."bestMetric" AS best_metric,
      t."bestEpoch" AS best_epoch, t."finalLoss" AS final_loss, t."epochsDone" AS epochs_done, t.rung,
      (SELECT count(*)::int FROM "Attempt" a WHERE a."trialId" = t.id) AS attempts, t.error,
      t."createdAt" AT TIME ZONE 'UTC' AS created_at, t."startedAt" AT TIME ZONE 'UTC' AS started_at,
      t."finishedAt" AT TIME ZONE 'UTC' AS finished_at, last.repro, last.number AS repro_attempt
    FROM "Trial" t
    LEFT JOIN LATERAL (
      SELECT a.repro, a.number FROM "Attempt" a WHERE a."trialId" = t.id ORDER BY a.number DESC LIMIT 1
    ) last ON true
    WHERE t."sweepId" = $1::uuid
    ORDER BY t.benchmark, t."configKey", t.seed`;

const TRIAL_FACTS_ONLY_SQL = `SELECT ${TRIAL_FACTS_SQL} FROM "Trial" t WHERE t."sweepId" = $1::uuid`;

function reproColumns(repro: Partial<ReproRecord> | null, attempt: number | null): RawRecord {
  return {
    repro_attempt: repro ? attempt : null,
    git_commit: repro?.gitCommit ?? null,
    git_dirty: repro?.gitDirty ?? null,
    gemsweep_version: repro?.gemsweepVersion ?? null,
    tfjs_version: repro?.tfjsVersion ?? null,
    node_version: repro?.nodeVersion ?? null,
    lockfile_sha256: repro?.lockfileSha256 ?? null,
    backend: repro?.backend ?? null,
    device: repro?.device ?? null,
    worker_id: repro?.workerId ?? null,
    dataset: repro?.dataset?.name ?? null,
    dataset_checksum: repro?.dataset?.checksum ?? null,
    dataset_verified: repro?.dataset?.verified ?? null,
  };
}

/** What each trial's rows are read with: the hyperparameter columns, and each plan config's table row. */
interface ExportKeys {
  hyperKeys: readonly string[];
  rowKeyOf: ReadonlyMap<string, string>;
}

function identity(sweepId: string, trial: TrialFacts, keys: ExportKeys): RawRecord {
  const record: RawRecord = {
    sweep_id: sweepId,
    trial_id: trial.trial_id,
    benchmark: trial.benchmark,
    config_key: trial.config_key,
    row_key: keys.rowKeyOf.get(trial.group_key ?? trial.config_key) ?? null,
    stage: trial.stage,
    sample: trial.sample,
    activation_key: trial.activation_key,
    activation: trial.activation,
    N: trial.N,
    eps: trial.eps,
    alpha: trial.alpha,
    seed: trial.seed,
  };
  for (const key of keys.hyperKeys)
    record[`${HYPER_COLUMN_PREFIX}${key}`] = trial.hyper?.[key] ?? null;
  return record;
}

/** Reads `text` through a cursor on one pooled connection, EXPORT_BATCH_ROWS at a time. */
async function* cursorBatches<R>(
  prisma: PrismaClient,
  text: string,
  values: unknown[],
): AsyncGenerator<R[]> {
  const client = await sqlPoolOf(prisma).connect();
  const cursor = client.query(new Cursor<R>(text, values));
  let failed = false;
  try {
    for (;;) {
      const rows = await cursor.read(EXPORT_BATCH_ROWS);
      if (rows.length === 0) return;
      yield rows;
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await cursor.close().catch(() => undefined);
    client.release(failed ? true : undefined);
  }
}

async function* trialBatches(
  prisma: PrismaClient,
  sweep: { id: string; name: string },
  keys: ExportKeys,
): AsyncGenerator<RawRecord[]> {
  type Row = TrialFacts & {
    rung: number | null;
    final_metric: number | null;
    best_metric: number | null;
    best_epoch: number | null;
    final_loss: number | null;
    epochs_done: number;
    attempts: number;
    error: string | null;
    created_at: Date;
    started_at: Date | null;
    finished_at: Date | null;
    repro: ReproRecord | null;
    repro_attempt: number | null;
  };

  for await (const rows of cursorBatches<Row>(prisma, TRIAL_ROWS_SQL, [sweep.id])) {
    yield rows.map((row) => ({
      sweep_name: sweep.name,
      ...identity(sweep.id, row, keys),
      status: row.status,
      final_metric: row.final_metric,
      best_metric: row.best_metric,
      best_epoch: row.best_epoch,
      final_loss: row.final_loss,
      epochs_done: row.epochs_done,
      rung: row.rung,
      attempts: row.attempts,
      error: row.error,
      created_at: row.created_at,
      started_at: row.started_at,
      finished_at: row.finished_at,
      ...reproColumns(row.repro, row.repro_attempt),
    }));
  }
}

/**
 * Epoch rows: the cursor carries only the epochs' own numbers; what each trial's rows share
 * (identity, hyperparameters) and each attempt's record are read once per trial and attempt, so
 * the memory held grows with the sweep's trials, never with its epochs.
 */
async function* epochBatches(
  prisma: PrismaClient,
  sweepId: string,
  keys: ExportKeys,
): AsyncGenerator<RawRecord[]> {
  const pool = sqlPoolOf(prisma);
  const [trials, attempts] = await Promise.all([
    pool.query<TrialFacts>({
      text: TRIAL_FACTS_ONLY_SQL,
      values: [sweepId],
    }),
    pool.query<{ id: string; number: number; repro: ReproRecord | null }>({
      text: `SELECT a.id::text, a.number, a.repro FROM "Attempt" a JOIN "Trial" t ON t.id = a."trialId" WHERE t."sweepId" = $1::uuid`,
      values: [sweepId],
    }),
  ]);
  const shared = new Map(
    trials.rows.map((t) => [t.trial_id, { ...identity(sweepId, t, keys), trial_status: t.status }]),
  );
  const attemptOf = new Map(
    attempts.rows.map((a) => [a.id, { attempt: a.number, repro: reproColumns(a.repro, a.number) }]),
  );
  const noRepro = reproColumns(null, null);
  type Row = {
    trial_id: string;
    attempt_id: string | null;
    epoch: number;
    loss: number;
    metric: number;
    val_metric: number | null;
    val_loss: number | null;
    test_metric: number | null;
    test_loss: number | null;
    lr: number | null;
    train_loss: number | null;
    samples_per_sec: number | null;
    epoch_seconds: number | null;
    grad_norm: number | null;
    recorded_ms: number;
  };
  const text = `SELECT e."trialId"::text AS trial_id, e."attemptId"::text AS attempt_id, e.epoch, e.loss, e.metric,
      e."valMetric" AS val_metric, e."valLoss" AS val_loss, e."testMetric" AS test_metric, e."testLoss" AS test_loss,
      e.lr, e."trainLoss" AS train_loss, e."samplesPerSec" AS samples_per_sec, e."epochSeconds" AS epoch_seconds,
      e."gradNorm" AS grad_norm, extract(epoch FROM e."recordedAt") * 1000 AS recorded_ms
    FROM "Trial" t JOIN "EpochMetric" e ON e."trialId" = t.id
    WHERE t."sweepId" = $1::uuid
    ORDER BY t.benchmark, t."configKey", t.seed, e.epoch`;
  for await (const rows of cursorBatches<Row>(prisma, text, [sweepId])) {
    // (the time comes as epoch milliseconds: pg's timestamp parser would be the costliest part of a row)
    yield rows.map(({ trial_id, attempt_id, recorded_ms, ...numbers }) => {
      const attempt = attempt_id ? attemptOf.get(attempt_id) : undefined;
      return {
        ...shared.get(trial_id),
        attempt: attempt?.attempt ?? null,
        ...numbers,
        recorded_at: new Date(Number(recorded_ms)),
        ...(attempt?.repro ?? noRepro),
      };
    });
  }
}

/**
 * A sweep's raw export: its columns (from the stored plan: every hyperparameter the configs
 * resolve, the rows sweep or the tuning stage tunes) and its rows, one per trial or per epoch, in (benchmark, config, seed, epoch) order,
 * read through a server-side cursor. A 404 when there is no such sweep.
 */
export async function sweepExport(
  prisma: PrismaClient,
  sweepId: string,
  what: RawExportWhat,
): Promise<SweepExport> {
  const store = new SweepStore(prisma);
  const [{ sweep }, plan] = await Promise.all([
    store.getSweepSpec(sweepId),
    store.getSweepPlan(sweepId),
  ]);
  const columns = rawExportColumns(plan, what);
  const keys: ExportKeys = {
    hyperKeys: columns
      .filter((c) => c.name.startsWith(HYPER_COLUMN_PREFIX))
      .map((c) => c.name.slice(HYPER_COLUMN_PREFIX.length)),
    rowKeyOf: new Map(plan.configs.map((c) => [c.configKey, c.rowKey])),
  };
  const summary = { id: sweep.id, name: sweep.name };
  return {
    sweep: summary,
    what,
    columns,
    batches:
      what === "trials"
        ? trialBatches(prisma, summary, keys)
        : epochBatches(prisma, sweep.id, keys),
  };
}
