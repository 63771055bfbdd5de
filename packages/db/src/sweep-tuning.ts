// Why: a two-stage sweep's table shows stage 2 only; stage 1 (each config's tuning trials, their
// rungs and scores, and the choice) is read here, for the API, the dashboard and the CLI.
import { TRIAL_STATUSES, type HyperKey, type TrialStatus } from "@gemsweep/contracts";
import { type PlanPruner, type SweptValues } from "@gemsweep/core";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { SELECTION_METRIC_SQL } from "./selection-metric.js";
import { assertUuid, SweepStore, type StatusCounts } from "./sweep-store.js";

/** One tuning trial: the setting it tried, how far it got (ASHA's rung) and its validation score. */
export interface TuningTrialRow {
  id: string;
  sample: number;
  seed: number;
  status: TrialStatus;
  setting: SweptValues;
  /** the highest ASHA rung it was decided at (null: none reached) */
  rung: number | null;
  epochsDone: number;
  /** its validation metric at its last epoch */
  score: number | null;
  /** why it stopped (a pruned trial's ASHA reason), or failed */
  error: string | null;
}

/** One comparison config's stage 1: its tuning trials, the choice once made, and its stage-2 trials' counts. */
export interface TuningGroup {
  configKey: string;
  benchmark: string;
  rowKey: string;
  label: string;
  choice: {
    values: SweptValues | null;
    sample: number | null;
    score: number | null;
    trials: number;
    completed: number;
    reason: string;
    decidedAt: Date;
  } | null;
  trials: TuningTrialRow[];
  /** the comparison trials of this config, by status (WAITING until the choice) */
  compare: StatusCounts;
}

export interface SweepTuning {
  /** 2 for a tune-then-compare sweep; a one-stage sweep has no groups */
  stages: number;
  over: HyperKey[];
  scheduler: PlanPruner | null;
  groups: TuningGroup[];
  /** tuning trials the scheduler stopped early (PRUNED) */
  stoppedEarly: number;
}

/** Each tuning trial with its last epoch's selection score (a module constant: no text built per call). */
const TUNING_TRIALS_SQL = `SELECT t.id::text, t."groupKey", t.sample, t.seed, t.status::text AS status, t.config->'setting' AS setting, t.rung, t."epochsDone", t.error,
         (SELECT ${SELECTION_METRIC_SQL} FROM "EpochMetric" e WHERE e."trialId" = t.id ORDER BY e.epoch DESC LIMIT 1) AS score
  FROM "Trial" t WHERE t."sweepId" = $1::uuid AND t.stage = 'TUNE' ORDER BY t."groupKey", t.sample, t.seed`;

function emptyCounts(): StatusCounts {
  return Object.fromEntries(TRIAL_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/**
 * A two-stage sweep's tuning stage, config by config in the plan's order: each tuning trial with
 * its setting, rung, status and validation score (its last epoch's), the stored choice, and
 * how its comparison trials stand. Three indexed reads of the sweep's trials.
 */
export async function sweepTuning(prisma: PrismaClient, sweepId: string): Promise<SweepTuning> {
  const plan = await new SweepStore(prisma).getSweepPlan(assertUuid(sweepId, "sweep"));
  if (!plan.tuning) return { stages: 1, over: [], scheduler: null, groups: [], stoppedEarly: 0 };
  const pool = sqlPoolOf(prisma);
  const [trials, choices, compare] = await Promise.all([
    pool.query<{ id: string; groupKey: string; sample: number; seed: number; status: TrialStatus; setting: SweptValues | null; rung: number | null; epochsDone: number; error: string | null; score: number | null }>(
TUNING_TRIALS_SQL,
      [sweepId],
    ),
    prisma.tuningChoice.findMany({ where: { sweepId } }),
    pool.query<{ configKey: string; status: TrialStatus; n: number }>(
      `SELECT "configKey", status::text AS status, count(*)::int AS n FROM "Trial"
       WHERE "sweepId" = $1::uuid AND stage = 'COMPARE' GROUP BY 1, 2`,
      [sweepId],
    ),
  ]);
  const labelOf = new Map(plan.rows.map((r) => [r.key, r.label]));
  const groups = new Map<string, TuningGroup>(
    plan.configs.map((c) => [
      c.configKey,
      { configKey: c.configKey, benchmark: c.benchmark, rowKey: c.rowKey, label: labelOf.get(c.rowKey) ?? c.rowKey, choice: null, trials: [], compare: emptyCounts() },
    ]),
  );
  for (const t of trials.rows)
    groups.get(t.groupKey)?.trials.push({
      id: t.id,
      sample: t.sample,
      seed: t.seed,
      status: t.status,
      setting: t.setting ?? {},
      rung: t.rung,
      epochsDone: t.epochsDone,
      score: t.score !== null && Number.isFinite(t.score) ? t.score : null,
      error: t.error,
    });
  for (const c of choices) {
    const group = groups.get(c.configKey);
    if (group)
      group.choice = {
        values: (c.values as SweptValues | null) ?? null,
        sample: c.sample,
        score: c.score,
        trials: c.trials,
        completed: c.completed,
        reason: c.reason,
        decidedAt: c.decidedAt,
      };
  }
  for (const r of compare.rows) {
    const group = groups.get(r.configKey);
    if (group) group.compare[r.status] = r.n;
  }
  return {
    stages: 2,
    over: plan.tuning.over,
    scheduler: plan.tuning.scheduler,
    groups: [...groups.values()],
    stoppedEarly: trials.rows.filter((t) => t.status === "PRUNED").length,
  };
}
