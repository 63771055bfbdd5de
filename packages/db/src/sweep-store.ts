import { ErrorCode, GemSweepError, OPEN_TRIAL_STATUSES, RUNNABLE_TRIAL_STATUSES, TRIAL_STATUSES, type TrialJob, type TrialStage, type TrialStatus } from "@gemsweep/contracts";
import { insertSweep } from "./sweep-insert.js";
import { TX_OPTIONS } from "./transaction-options.js";
import { readPlan, type PlannedTrial, type SweepPlan } from "@gemsweep/core";
import {
  sqlPoolOf,
  type Prisma,
  type PrismaClient,
  type Sweep,
  type SweepStatus,
} from "./prisma-client.js";

export type StatusCounts = Record<TrialStatus, number>;

export interface SweepSummaryRow {
  id: string;
  name: string;
  status: SweepStatus;
  baseline: string;
  createdAt: Date;
  finishedAt: Date | null;
  counts: StatusCounts;
  total: number;
}

const NON_TERMINAL = [...OPEN_TRIAL_STATUSES];

function emptyCounts(): StatusCounts {
  return Object.fromEntries(TRIAL_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

export function trialJobOf(trial: {
  id: string;
  sweepId: string;
  benchmark: string;
  configKey: string;
  seed: number;
  config: Prisma.JsonValue;
  stage?: TrialStage;
  groupKey?: string | null;
  sample?: number | null;
}): TrialJob {
  const config = trial.config as unknown as {
    activation: TrialJob["activation"];
    hyper: TrialJob["hyper"];
  };
  return {
    trialId: trial.id,
    sweepId: trial.sweepId,
    benchmark: trial.benchmark as TrialJob["benchmark"],
    activation: config.activation,
    hyper: config.hyper,
    seed: trial.seed,
    configKey: trial.configKey,
    ...(trial.stage ? { stage: trial.stage } : {}),
    ...(trial.groupKey ? { groupKey: trial.groupKey } : {}),
    ...(trial.sample !== null && trial.sample !== undefined ? { sample: trial.sample } : {}),
  };
}

/**
 * Sweep-level state: creation (sweep + every trial in one transaction), reads for the API and
 * the CLI, cancel / resume transitions, and the sweep's own status derived from its trials.
 */
export class SweepStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** The sweep, its plan and all its trials, atomically; the unique key makes every (config, seed) exist once. */
  async createSweep(
    plan: SweepPlan,
    submitted: unknown,
    trials: readonly PlannedTrial[],
  ): Promise<{ sweepId: string; jobs: TrialJob[] }> {
    return insertSweep(sqlPoolOf(this.prisma), { spec: submitted, plan }, trials);
  }

  /**
   * The sweep's stored plan (validated, upgraded from an older version if need be). A sweep
   * stored before plans existed gets one derived from its submitted spec, stored once.
   */
  async getSweepPlan(id: string): Promise<SweepPlan> {
    const sweep = await this.prisma.sweep.findUnique({
      where: { id: assertUuid(id, "sweep") },
      select: { plan: true, spec: true },
    });
    if (!sweep) throw new GemSweepError(ErrorCode.NOT_FOUND, `sweep ${id} not found`);
    const plan = readPlan(sweep.plan, sweep.spec);
    if (sweep.plan === null) {
      await this.prisma.sweep.update({
        where: { id },
        data: { plan: plan as unknown as Prisma.InputJsonValue, planVersion: plan.version },
      });
    }
    return plan;
  }

  async getSweep(id: string): Promise<SweepSummaryRow> {
    const sweep = await this.prisma.sweep.findUnique({ where: { id: assertUuid(id, "sweep") } });
    if (!sweep) throw new GemSweepError(ErrorCode.NOT_FOUND, `sweep ${id} not found`);
    const counts = await this.statusCounts(id);
    return { ...summaryOf(sweep), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  }

  async getSweepSpec(id: string): Promise<{ sweep: Sweep }> {
    const sweep = await this.prisma.sweep.findUnique({ where: { id: assertUuid(id, "sweep") } });
    if (!sweep) throw new GemSweepError(ErrorCode.NOT_FOUND, `sweep ${id} not found`);
    return { sweep };
  }

  async listSweeps(options: { limit?: number; offset?: number } = {}): Promise<SweepSummaryRow[]> {
    const sweeps = await this.prisma.sweep.findMany({
      orderBy: { createdAt: "desc" },
      take: options.limit ?? 50,
      skip: options.offset ?? 0,
    });
    if (sweeps.length === 0) return [];
    const grouped = await this.prisma.trial.groupBy({
      by: ["sweepId", "status"],
      where: { sweepId: { in: sweeps.map((s) => s.id) } },
      _count: { _all: true },
    });
    return sweeps.map((sweep) => {
      const counts = emptyCounts();
      for (const g of grouped) if (g.sweepId === sweep.id) counts[g.status] = g._count._all;
      return {
        ...summaryOf(sweep),
        counts,
        total: Object.values(counts).reduce((a, b) => a + b, 0),
      };
    });
  }

  async statusCounts(sweepId: string): Promise<StatusCounts> {
    const grouped = await this.prisma.trial.groupBy({
      by: ["status"],
      where: { sweepId },
      _count: { _all: true },
    });
    const counts = emptyCounts();
    for (const g of grouped) counts[g.status] = g._count._all;
    return counts;
  }

  /** Cancels every trial that has not ended; running ones stop at their next epoch boundary. */
  async cancelSweep(id: string): Promise<{ cancelled: number; trialIds: string[] }> {
    await this.getSweep(id);
    return this.prisma.$transaction(async (tx) => {
      const open = await tx.trial.findMany({
        where: { sweepId: id, status: { in: NON_TERMINAL } },
        select: { id: true },
      });
      await tx.trial.updateMany({
        where: { sweepId: id, status: { in: NON_TERMINAL } },
        data: { status: "CANCELLED", finishedAt: new Date() },
      });
      await tx.sweep.update({
        where: { id },
        data: { status: "CANCELLED", finishedAt: new Date() },
      });
      return { cancelled: open.length, trialIds: open.map((t) => t.id) };
    }, TX_OPTIONS);
  }

  /**
   * Puts every trial that did not finish (cancelled, or queued/running and possibly lost from
   * the queue) back to QUEUED and returns the jobs to enqueue. Completed, diverged and failed
   * trials are results and stay. A two-stage sweep's cancelled comparison trials whose config
   * has no choice yet go back to WAITING (no job): the orchestrator opens them when it chooses.
   */
  async resumeSweep(id: string): Promise<TrialJob[]> {
    await this.getSweep(id);
    return this.prisma.$transaction(async (tx) => {
      const chosen = (await tx.tuningChoice.findMany({ where: { sweepId: id }, select: { configKey: true } })).map((c) => c.configKey);
      const sweep = await tx.sweep.findUniqueOrThrow({ where: { id }, select: { stages: true } });
      if (sweep.stages === 2)
        await tx.trial.updateMany({
          where: { sweepId: id, status: "CANCELLED", stage: "COMPARE", configKey: { notIn: chosen } },
          data: { status: "WAITING", finishedAt: null },
        });
      await tx.trial.updateMany({
        where: { sweepId: id, status: "CANCELLED" },
        data: { status: "QUEUED", finishedAt: null },
      });
      const open = await tx.trial.findMany({
        where: { sweepId: id, status: { in: NON_TERMINAL } },
      });
      await tx.sweep.update({
        where: { id },
        data: {
          status: open.length > 0 ? "QUEUED" : "COMPLETED",
          finishedAt: open.length > 0 ? null : new Date(),
        },
      });
      return open.filter((t) => RUNNABLE_TRIAL_STATUSES.includes(t.status)).map(trialJobOf);
    }, TX_OPTIONS);
  }

  /**
   * Completes every QUEUED/RUNNING sweep with no open trial left: the safety net for trials that
   * finished at the same instant (see TrialStore.finishAttempt). Cheap: one statement over the
   * open sweeps, each probed on the (sweepId, status) index (gemsweep_sweep_has_open_trials, a
   * function of the migrations that keeps the probe on the index).
   */
  async completeFinishedSweeps(): Promise<number> {
    const { rowCount } = await sqlPoolOf(this.prisma).query({
      name: "gemsweep.complete-finished-sweeps",
      text: `UPDATE "Sweep" s SET status = 'COMPLETED', "finishedAt" = timezone('UTC', now())
        WHERE s.status IN ('QUEUED', 'RUNNING')
          AND NOT gemsweep_sweep_has_open_trials(s.id)`,
    });
    return rowCount ?? 0;
  }

  /**
   * Marks the sweep COMPLETED once no trial is queued or running (RUNNING is set when its first
   * attempt starts). One statement on the (sweepId, status) index: it runs after every trial, so
   * it must not count the sweep's trials.
   */
  async refreshStatus(sweepId: string): Promise<SweepStatus> {
    const { rows } = await sqlPoolOf(this.prisma).query<{ status: SweepStatus | null }>({
      name: "gemsweep.complete-sweep-if-done",
      text: `WITH completed AS (
        UPDATE "Sweep" SET status = 'COMPLETED', "finishedAt" = timezone('UTC', now())
        WHERE id = $1::uuid AND status IN ('QUEUED', 'RUNNING')
          AND NOT gemsweep_sweep_has_open_trials($1::uuid)
        RETURNING status
      )
      SELECT coalesce((SELECT status FROM completed), (SELECT status FROM "Sweep" WHERE id = $1::uuid))::text AS status`,
      values: [sweepId],
    });
    return rows[0]?.status ?? "CANCELLED";
  }
}

function summaryOf(sweep: Sweep): Omit<SweepSummaryRow, "counts" | "total"> {
  return {
    id: sweep.id,
    name: sweep.name,
    status: sweep.status,
    baseline: sweep.baseline,
    createdAt: sweep.createdAt,
    finishedAt: sweep.finishedAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else is a 404, not a database error. */
export function assertUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw new GemSweepError(ErrorCode.NOT_FOUND, `${what} ${id} not found`);
  return id;
}
