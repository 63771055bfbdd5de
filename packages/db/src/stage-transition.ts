// Why: a two-stage sweep moves a config from tuning to comparison by a state change in the
// database (a choice stored and its WAITING trials opened, in one transaction), so a crash at
// any moment loses nothing and two processes doing it at once change it once.
import { BENCHMARK_METRICS, isBenchmarkName, type TrialJob, type TrialStatus } from "@gemsweep/contracts";
import { chooseTunedSetting, readPlan, type SweptValues, type TuningChoice, type TuningTrialResult } from "@gemsweep/core";
import type pg from "pg";
import { SELECTION_METRIC_SQL } from "./selection-metric.js";
import { trialJobOf } from "./sweep-store.js";

/** One config moved to stage 2. */
export interface StageTransition {
  sweepId: string;
  configKey: string;
  choice: TuningChoice;
  /** Comparison trials opened (QUEUED), or failed when stage 1 chose nothing. */
  opened: number;
  failed: number;
}

/** The configs of a sweep whose comparison trials wait and whose tuning trials have all ended. */
const READY_GROUPS_SQL = `
  SELECT DISTINCT w."configKey" FROM "Trial" w
  WHERE w."sweepId" = $1::uuid AND w.status = 'WAITING' AND w.stage = 'COMPARE'
    AND NOT EXISTS (
      SELECT 1 FROM "Trial" u
      WHERE u."sweepId" = $1::uuid AND u.status IN ('QUEUED', 'RUNNING') AND u.stage = 'TUNE' AND u."groupKey" = w."configKey"
    )`;

/** Module constants composed once: no query text is ever built from a value at call time. */
const ANY_READY_GROUP_SQL = `${READY_GROUPS_SQL} LIMIT 1`;

/** Whether any config of the sweep is ready to move to stage 2 (a cheap read, no lock). */
export async function hasReadyStage(pool: pg.Pool, sweepId: string): Promise<boolean> {
  const { rowCount } = await pool.query(ANY_READY_GROUP_SQL, [sweepId]);
  return (rowCount ?? 0) > 0;
}

/**
 * Opens stage 2 for every config of the sweep whose tuning trials have all ended: reads their
 * validation curves, chooses the setting (core's chooseTunedSetting), stores the choice, and
 * turns the config's WAITING comparison trials into QUEUED trials of the chosen setting (or
 * FAILED, naming why, when stage 1 chose nothing). One transaction under the sweep's row lock:
 * a second caller at the same moment waits, then finds nothing WAITING and changes nothing.
 * The opened trials' jobs are queued afterwards (enqueueOpenedStages), by whoever gets there.
 */
export async function openComparisonStages(pool: pg.Pool, sweepId: string): Promise<StageTransition[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const sweep = await client.query<{ plan: unknown; spec: unknown }>(
      `SELECT plan, spec FROM "Sweep" WHERE id = $1::uuid AND stages = 2 FOR UPDATE`,
      [sweepId],
    );
    const row = sweep.rows[0];
    if (!row) {
      await client.query("COMMIT");
      return [];
    }
    const groups = (await client.query<{ configKey: string }>(READY_GROUPS_SQL, [sweepId])).rows.map((r) => r.configKey);
    if (groups.length === 0) {
      await client.query("COMMIT");
      return [];
    }
    const plan = readPlan(row.plan, row.spec);
    const benchmarkOf = new Map(plan.configs.map((c) => [c.configKey, c.benchmark]));
    const tuning = await client.query<{
      id: string;
      groupKey: string;
      sample: number;
      seed: number;
      status: TrialStatus;
      setting: SweptValues | null;
      epoch: number | null;
      metric: number | null;
    }>(
      `SELECT t.id::text, t."groupKey", t.sample, t.seed, t.status::text AS status, t.config->'setting' AS setting,
              e.epoch, ${SELECTION_METRIC_SQL} AS metric
       FROM "Trial" t LEFT JOIN "EpochMetric" e ON e."trialId" = t.id
       WHERE t."sweepId" = $1::uuid AND t.stage = 'TUNE' AND t."groupKey" = ANY($2::text[])
       ORDER BY t."groupKey", t.sample, t.seed, e.epoch`,
      [sweepId, groups],
    );
    const byGroup = new Map<string, Map<string, TuningTrialResult & { curve: { epoch: number; metric: number }[] }>>();
    for (const r of tuning.rows) {
      let trials = byGroup.get(r.groupKey);
      if (!trials) byGroup.set(r.groupKey, (trials = new Map()));
      let trial = trials.get(r.id);
      if (!trial) trials.set(r.id, (trial = { id: r.id, sample: r.sample, seed: r.seed, status: r.status, values: r.setting ?? {}, curve: [] }));
      // PostgreSQL's NaN reads back as NaN: a diverged epoch stays non-finite
      if (r.epoch !== null) trial.curve.push({ epoch: r.epoch, metric: r.metric ?? Number.NaN });
    }
    const out: StageTransition[] = [];
    for (const configKey of groups) {
      const benchmark = benchmarkOf.get(configKey) ?? configKey.split("|")[0]!;
      const direction = isBenchmarkName(benchmark) ? BENCHMARK_METRICS[benchmark].direction : "max";
      const choice = chooseTunedSetting([...(byGroup.get(configKey)?.values() ?? [])], direction);
      const inserted = await client.query(
        `INSERT INTO "TuningChoice" (id, "sweepId", "configKey", "values", sample, score, trials, completed, reason, "decidedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2, $3::jsonb, $4, $5, $6, $7, $8, timezone('UTC', now()))
         ON CONFLICT ("sweepId", "configKey") DO NOTHING`,
        [sweepId, configKey, choice.values === null ? null : JSON.stringify(choice.values), choice.sample, choice.score, choice.trials, choice.completed, choice.reason],
      );
      if (inserted.rowCount === 0) continue; // chosen before (a previous transition): its trials are not WAITING
      const changed =
        choice.values === null
          ? await client.query(
              `UPDATE "Trial" SET status = 'FAILED', "finishedAt" = timezone('UTC', now()), error = $3
               WHERE "sweepId" = $1::uuid AND "configKey" = $2 AND stage = 'COMPARE' AND status = 'WAITING'`,
              [sweepId, configKey, `stage 1 chose no setting: ${choice.reason}`],
            )
          : await client.query(
              `UPDATE "Trial" SET status = 'QUEUED',
                 config = jsonb_set(jsonb_set(config, '{hyper}', (config->'hyper') || $3::jsonb), '{chosen}', $3::jsonb)
               WHERE "sweepId" = $1::uuid AND "configKey" = $2 AND stage = 'COMPARE' AND status = 'WAITING'`,
              [sweepId, configKey, JSON.stringify(choice.values)],
            );
      const n = changed.rowCount ?? 0;
      out.push({ sweepId, configKey, choice, opened: choice.values === null ? 0 : n, failed: choice.values === null ? n : 0 });
    }
    // A config that chose nothing is settled at once: nothing of it is left to queue.
    await client.query(
      `UPDATE "TuningChoice" SET enqueued = true WHERE "sweepId" = $1::uuid AND "values" IS NULL AND NOT enqueued`,
      [sweepId],
    );
    await client.query("COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The comparison trials opened by choices whose jobs are not known to be queued yet (all
 * sweeps, or one): what a crash between a transition's commit and its enqueue left behind.
 */
export async function openedStageJobs(pool: pg.Pool, sweepId?: string): Promise<{ choiceIds: string[]; jobs: TrialJob[] }> {
  const choices = await pool.query<{ id: string; sweepId: string; configKey: string }>(
    `SELECT id::text, "sweepId"::text AS "sweepId", "configKey" FROM "TuningChoice"
     WHERE NOT enqueued ${sweepId ? `AND "sweepId" = $1::uuid` : ""}`,
    sweepId ? [sweepId] : [],
  );
  if (choices.rows.length === 0) return { choiceIds: [], jobs: [] };
  const trials = await pool.query(
    `SELECT t.id::text, t."sweepId"::text AS "sweepId", t.benchmark, t."configKey", t.seed, t.config, t.stage::text AS stage, t."groupKey", t.sample
     FROM "Trial" t JOIN unnest($1::uuid[], $2::text[]) AS c("sweepId", "configKey")
       ON t."sweepId" = c."sweepId" AND t."configKey" = c."configKey"
     WHERE t.stage = 'COMPARE' AND t.status IN ('QUEUED', 'RUNNING')`,
    [choices.rows.map((c) => c.sweepId), choices.rows.map((c) => c.configKey)],
  );
  return { choiceIds: choices.rows.map((c) => c.id), jobs: trials.rows.map(trialJobOf) };
}

/** Marks choices' opened trials as queued (after their jobs were added). */
export async function markStagesEnqueued(pool: pg.Pool, choiceIds: readonly string[]): Promise<void> {
  if (choiceIds.length === 0) return;
  await pool.query(`UPDATE "TuningChoice" SET enqueued = true WHERE id = ANY($1::uuid[])`, [choiceIds]);
}

/** Open two-stage sweeps (the reaper's candidates for a transition). */
export async function openTwoStageSweeps(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text FROM "Sweep" WHERE status IN ('QUEUED', 'RUNNING') AND stages = 2`,
  );
  return rows.map((r) => r.id);
}
