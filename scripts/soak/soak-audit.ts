// Why: after the chaos, the database alone says whether any result was lost, recorded twice or
// left running; this reads every trial's raw rows and checks each rule the soak promises.
import { OPEN_TRIAL_STATUSES, type TrialStatus } from "@gemsweep/contracts";
import { sweepTable, type PrismaClient } from "@gemsweep/db";

export interface AuditedSweep {
  id: string;
  /** trials the submit created */
  expected: number;
  /** epochs each trial runs */
  epochs: number;
  /** whether its trials report a metric (the table is then checked against the raw rows) */
  hasMetric: boolean;
}

export interface SoakAudit {
  trials: number;
  completed: number;
  diverged: number;
  /** results missing: trial rows missing, trials failed or cancelled, completed trials short of epochs or of their number */
  lost: number;
  /** results recorded twice: extra trial rows, a second result, attempts after the end, stale or extra epoch rows */
  duplicated: number;
  /** trials not in a final state (WAITING, QUEUED, RUNNING), attempts still RUNNING */
  stuck: number;
  /** table cells that differ from a recomputation from the raw epoch rows */
  tableMismatches: number;
  /** attempts by how they ended (FAILED: a retry spent, STALLED: taken over, INTERRUPTED: drained) */
  attempts: Record<string, number>;
  violations: string[];
}

interface TrialFacts {
  id: string;
  sweepId: string;
  status: string;
  epochsDone: number;
  finalMetric: number | null;
  activationKey: string;
  seed: number;
  results: number;
  late: number;
  running: number;
  epochRows: number;
  distinctEpochs: number;
  minEpoch: number | null;
  maxEpoch: number | null;
  stale: number;
  lastTestMetric: number | null;
}

/** Every rule, over every trial of the soak's sweeps. */
export async function auditSoak(prisma: PrismaClient, sweeps: readonly AuditedSweep[]): Promise<SoakAudit> {
  const audit: SoakAudit = { trials: 0, completed: 0, diverged: 0, lost: 0, duplicated: 0, stuck: 0, tableMismatches: 0, attempts: {}, violations: [] };
  const note = (kind: "lost" | "duplicated" | "stuck" | "tableMismatches", count: number, why: string) => {
    audit[kind] += count;
    if (audit.violations.length < 50) audit.violations.push(`${kind}: ${why}`);
  };
  for (const sweep of sweeps) {
    const trials = await trialFacts(prisma, sweep.id);
    audit.trials += trials.length;
    if (trials.length < sweep.expected) note("lost", sweep.expected - trials.length, `sweep ${sweep.id} has ${trials.length} trial rows for ${sweep.expected} submitted`);
    if (trials.length > sweep.expected) note("duplicated", trials.length - sweep.expected, `sweep ${sweep.id} has ${trials.length} trial rows for ${sweep.expected} submitted`);
    for (const t of trials) {
      const name = `trial ${t.id} (${t.activationKey} seed ${t.seed})`;
      if (t.running > 0) note("stuck", 1, `${name} has ${t.running} attempt(s) still RUNNING (trial ${t.status})`);
      // open: WAITING (a comparison trial whose tuning stage never chose), QUEUED or RUNNING
      if (OPEN_TRIAL_STATUSES.includes(t.status as TrialStatus)) {
        note("stuck", 1, `${name} ended the soak ${t.status}`);
        continue;
      }
      if (t.status !== "COMPLETED" && t.status !== "DIVERGED") {
        note("lost", 1, `${name} ended ${t.status}`);
        continue;
      }
      if (t.status === "COMPLETED") audit.completed += 1;
      else audit.diverged += 1;
      if (t.results === 0) note("lost", 1, `${name} is ${t.status} without an attempt that says so`);
      if (t.results > 1) note("duplicated", t.results - 1, `${name} has ${t.results} attempts with a result`);
      if (t.late > 0) note("duplicated", t.late, `${name} was started again after it finished`);
      if (t.stale > 0) note("duplicated", t.stale, `${name} has ${t.stale} epoch row(s) written by an attempt after it was closed`);
      if (t.epochRows > t.distinctEpochs || (t.maxEpoch ?? 0) > sweep.epochs || (t.minEpoch ?? 1) < 1) {
        note("duplicated", 1, `${name} has ${t.epochRows} epoch rows (${t.distinctEpochs} distinct, ${t.minEpoch}..${t.maxEpoch}) for ${sweep.epochs} epochs`);
      }
      if (t.status !== "COMPLETED") continue;
      if (t.distinctEpochs < sweep.epochs || t.epochsDone !== sweep.epochs) {
        note("lost", 1, `${name} is COMPLETED with ${t.distinctEpochs} epoch rows and epochsDone ${t.epochsDone}, not ${sweep.epochs}`);
      }
      if (sweep.hasMetric && (t.finalMetric === null || t.finalMetric !== t.lastTestMetric)) {
        note("lost", 1, `${name}: its result ${t.finalMetric} is not its last epoch's test metric ${t.lastTestMetric}`);
      }
    }
    if (sweep.hasMetric) await checkTable(prisma, sweep.id, trials, note);
    const attempts = await prisma.attempt.groupBy({ by: ["status"], where: { trial: { sweepId: sweep.id } }, _count: { _all: true } });
    for (const a of attempts) audit.attempts[a.status] = (audit.attempts[a.status] ?? 0) + a._count._all;
  }
  return audit;
}

/** One row per trial with the counts the rules need (one statement per sweep). */
async function trialFacts(prisma: PrismaClient, sweepId: string): Promise<TrialFacts[]> {
  const rows = await prisma.$queryRaw<TrialFacts[]>`
    SELECT t.id::text AS id, t."sweepId"::text AS "sweepId", t.status::text AS status, t."epochsDone", t."finalMetric",
      t.config->>'activationKey' AS "activationKey", t.seed,
      (SELECT count(*) FROM "Attempt" a WHERE a."trialId" = t.id AND a.status IN ('COMPLETED', 'DIVERGED'))::int AS results,
      (SELECT count(*) FROM "Attempt" a WHERE a."trialId" = t.id AND t."finishedAt" IS NOT NULL AND a."startedAt" > t."finishedAt")::int AS late,
      (SELECT count(*) FROM "Attempt" a WHERE a."trialId" = t.id AND a.status = 'RUNNING')::int AS running,
      (SELECT count(*) FROM "EpochMetric" e WHERE e."trialId" = t.id)::int AS "epochRows",
      (SELECT count(DISTINCT e.epoch) FROM "EpochMetric" e WHERE e."trialId" = t.id)::int AS "distinctEpochs",
      (SELECT min(e.epoch) FROM "EpochMetric" e WHERE e."trialId" = t.id) AS "minEpoch",
      (SELECT max(e.epoch) FROM "EpochMetric" e WHERE e."trialId" = t.id) AS "maxEpoch",
      (SELECT count(*) FROM "EpochMetric" e JOIN "Attempt" a ON a.id = e."attemptId"
        WHERE e."trialId" = t.id AND a."finishedAt" IS NOT NULL AND e."recordedAt" > a."finishedAt")::int AS stale,
      (SELECT e."testMetric" FROM "EpochMetric" e WHERE e."trialId" = t.id ORDER BY e.epoch DESC LIMIT 1) AS "lastTestMetric"
    FROM "Trial" t WHERE t."sweepId" = ${sweepId}::uuid`;
  return rows;
}

/**
 * The comparison table (db's sweepTable, from Trial.finalMetric) against a recomputation from
 * the raw epoch rows: per row, n, mean, sample std and the delta to the baseline of each
 * config's completed trials' last-epoch test metric.
 */
async function checkTable(
  prisma: PrismaClient,
  sweepId: string,
  trials: readonly TrialFacts[],
  note: (kind: "tableMismatches", count: number, why: string) => void,
): Promise<void> {
  const table = await sweepTable(prisma, sweepId);
  const byKey = new Map<string, number[]>();
  for (const t of trials) {
    if (t.status !== "COMPLETED" || t.lastTestMetric === null || !Number.isFinite(t.lastTestMetric)) continue;
    byKey.set(t.activationKey, [...(byKey.get(t.activationKey) ?? []), t.lastTestMetric]);
  }
  const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const baseline = table.baselineKey ? byKey.get(table.baselineKey) : undefined;
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
  for (const row of table.rows) {
    const values = byKey.get(row.key) ?? [];
    const cell = row.cells[0];
    const mean = values.length > 0 ? meanOf(values) : null;
    const std = values.length > 1 && mean !== null ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : null;
    const delta = row.isBaseline || mean === null || !baseline?.length ? null : mean - meanOf(baseline);
    if (!cell || cell.n !== values.length || !close(cell.mean, mean) || !close(cell.std, std) || !close(cell.delta, delta) || cell.pending !== 0) {
      note("tableMismatches", 1, `sweep ${sweepId} row ${row.key}: table n=${cell?.n} mean=${cell?.mean} std=${cell?.std} delta=${cell?.delta} pending=${cell?.pending}; raw rows n=${values.length} mean=${mean} std=${std} delta=${delta}`);
    }
  }
  const rowKeys = new Set(table.rows.map((r) => r.key));
  for (const key of byKey.keys()) if (!rowKeys.has(key)) note("tableMismatches", 1, `sweep ${sweepId}: config ${key} has results but no table row`);
}
