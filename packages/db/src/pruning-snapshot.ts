import { type TrialJob, type TrialStatus } from "@gemsweep/contracts";
import { type PeerQuery, type TrialSnapshot } from "@gemsweep/core";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { SELECTION_METRIC_SQL } from "./selection-metric.js";

/** What a pruner decides on: the running trial, and the peers it is compared with. */
export interface PruningSnapshot {
  /** the running trial with its curve up to the epoch and its decided rung */
  trial: TrialSnapshot;
  /** peers of the same sweep, benchmark and stage (and tuning group), each with its metric at the asked epochs */
  completed: TrialSnapshot[];
}

/**
 * Reads only what a pruning decision at `epoch` needs: this trial's curve up to that epoch (its
 * selection metric) and its rung, and the metric at the asked epochs of its peers: trials of
 * the same sweep, benchmark and stage, and for a tuning trial the same tuning group, COMPLETED
 * ones only (median stopping) or any (ASHA counts every trial that reached a rung). Two indexed
 * reads per reported epoch; none for the peers when the pruner asks for no epoch. The metric
 * compared is the validation split's (selection-metric.ts), so pruning never looks at the test set.
 */
export async function pruningSnapshot(
  prisma: PrismaClient,
  job: Pick<TrialJob, "trialId" | "sweepId" | "benchmark" | "configKey" | "seed" | "stage" | "groupKey" | "sample"> & {
    hyper?: { epochs: number };
  },
  epoch: number,
  query: PeerQuery = { epochs: [epoch], statuses: "completed" },
): Promise<PruningSnapshot> {
  const pool = sqlPoolOf(prisma);
  const stage = job.stage ?? "COMPARE";
  const [own, peers] = await Promise.all([
    pool.query<{ epoch: number | null; metric: number | null; rung: number | null }>(
      `SELECT e.epoch, ${SELECTION_METRIC_SQL} AS metric, t.rung
       FROM "Trial" t LEFT JOIN "EpochMetric" e ON e."trialId" = t.id AND e.epoch <= $2
       WHERE t.id = $1::uuid ORDER BY e.epoch`,
      [job.trialId, epoch],
    ),
    query.epochs.length === 0
      ? Promise.resolve({ rows: [] })
      : pool.query<{ id: string; configKey: string; seed: number; sample: number | null; status: TrialStatus; rung: number | null; groupKey: string | null; epoch: number; metric: number }>(
          `SELECT t.id::text, t."configKey", t.seed, t.sample, t.status::text AS status, t.rung, t."groupKey", e.epoch, ${SELECTION_METRIC_SQL} AS metric
           FROM "Trial" t JOIN "EpochMetric" e ON e."trialId" = t.id AND e.epoch = ANY($5::int[])
           WHERE t."sweepId" = $1::uuid AND t.benchmark = $2 AND t.stage = $3::"TrialStage" AND t.id <> $4::uuid
             AND ($6::text IS NULL OR t."groupKey" = $6) AND ($7::boolean OR t.status = 'COMPLETED')
           ORDER BY t.id, e.epoch`,
          [job.sweepId, job.benchmark, stage, job.trialId, [...query.epochs], stage === "TUNE" ? (job.groupKey ?? null) : null, query.statuses === "any"],
        ),
  ]);
  const byId = new Map<string, TrialSnapshot & { curve: { epoch: number; metric: number }[] }>();
  for (const p of peers.rows) {
    let peer = byId.get(p.id);
    if (!peer)
      byId.set(
        p.id,
        (peer = {
          id: p.id,
          configKey: p.configKey,
          benchmark: job.benchmark,
          seed: p.seed,
          status: p.status,
          stage,
          groupKey: p.groupKey,
          sample: p.sample,
          rung: p.rung,
          curve: [],
        }),
      );
    peer.curve.push({ epoch: p.epoch, metric: p.metric });
  }
  return {
    trial: {
      id: job.trialId,
      configKey: job.configKey,
      benchmark: job.benchmark,
      seed: job.seed,
      status: "RUNNING",
      stage,
      groupKey: job.groupKey ?? null,
      sample: job.sample ?? null,
      rung: own.rows[0]?.rung ?? null,
      ...(job.hyper ? { epochs: job.hyper.epochs } : {}),
      curve: own.rows.filter((r) => r.epoch !== null).map((r) => ({ epoch: r.epoch!, metric: r.metric! })),
    },
    completed: [...byId.values()],
  };
}
