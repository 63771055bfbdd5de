import { type TrialJob, type TrialStage, type TrialStatus } from "@gemsweep/contracts";
import { type ComparisonTable, type ComparisonTableOptions, type PeerQuery, type PlanPruner } from "@gemsweep/core";
import { ApiTokenStore } from "./api-token-store.js";
import { AuditStore } from "./audit-store.js";
import { auditTrail, type AuditTrail, type AuditTrailQuery } from "./audit-trail.js";
import { metricsSnapshot, type MetricsSnapshot } from "./metrics-snapshot.js";
import { Orchestrator } from "./orchestrator.js";
import { pingDatabase } from "./ping-database.js";
import { createPrismaClient, type DatabasePoolOptions, type PrismaClient, type WorkerStatus } from "./prisma-client.js";
import { pruningSnapshot, type PruningSnapshot } from "./pruning-snapshot.js";
import { sweepTable } from "./results-query.js";
import { sweepCurves, type SweepCurve } from "./sweep-curves.js";
import type { CurveSplit } from "@gemsweep/contracts";
import { sweepDetail, type SweepDetail } from "./sweep-detail.js";
import { sweepPage, type SweepPage } from "./sweep-page.js";
import { sweepProgress, type SweepProgress } from "./sweep-progress.js";
import { sweepPrunerSpec } from "./sweep-pruner-spec.js";
import { SweepStore } from "./sweep-store.js";
import { sweepTrialList, type SweepTrialListRow } from "./sweep-trial-list.js";
import { sweepTuning, type SweepTuning } from "./sweep-tuning.js";
import { trialDetail, type TrialDetail } from "./trial-detail.js";
import { trialPage, type TrialPage } from "./trial-page.js";
import type { TrialQueue } from "./trial-queue.js";
import { TrialStore } from "./trial-store.js";
import { workerRows, type WorkerRow } from "./worker-rows.js";
import { workerStatus } from "./worker-status.js";
import { resolveSweepRef, type ResolvedSweep } from "./sweep-ref.js";
import { resolveTrialRef } from "./trial-ref.js";
import { sweepList, type SweepListQuery, type SweepListRow } from "./sweep-list.js";
import { sweepExport, type SweepExport } from "./sweep-export.js";
import { TrialLogStore } from "./trial-log-store.js";
import { trialLogs, type TrialLogs } from "./trial-logs.js";
import type { RawExportWhat } from "@gemsweep/core";
import { WorkerStore } from "./worker-store.js";

/**
 * The storage boundary an app holds (as Optuna's Storage): the stores that write state, and one
 * named method per question the apps ask, each answered by a query module of this package. The
 * Prisma client and its pg pool stay inside: apps never write a query.
 */
export class GemSweepStorage {
  readonly sweeps: SweepStore;
  readonly trials: TrialStore;
  readonly workers: WorkerStore;
  /** attempts' log lines (bounded per attempt) */
  readonly logs: TrialLogStore;
  /** scoped API tokens: create, list, revoke, authenticate (hashes stay inside) */
  readonly apiTokens: ApiTokenStore;
  /** the audit trail's writer: one row per mutation */
  readonly audit: AuditStore;

  constructor(private readonly prisma: PrismaClient) {
    this.sweeps = new SweepStore(prisma);
    this.trials = new TrialStore(prisma);
    this.workers = new WorkerStore(prisma);
    this.logs = new TrialLogStore(prisma);
    this.apiTokens = new ApiTokenStore(prisma);
    this.audit = new AuditStore(prisma);
  }

  /** A storage on its own pg pool (see createPrismaClient for the options). */
  static open(databaseUrl: string, options: DatabasePoolOptions = {}): GemSweepStorage {
    return new GemSweepStorage(createPrismaClient(databaseUrl, options));
  }

  /** The orchestrator (submit, cancel, resume, reap) over this storage and that queue. */
  orchestrator(queue: TrialQueue): Orchestrator {
    return new Orchestrator(this.prisma, queue);
  }

  /** The sweep a full id, a unique id prefix or a name (its newest sweep) refers to; errors name `field`. */
  resolveSweep(ref: string, field = "id"): Promise<ResolvedSweep> {
    return resolveSweepRef(this.prisma, ref, field);
  }

  /** The trial a full id or a unique id prefix refers to; errors name `field`. */
  resolveTrial(ref: string, field = "id"): Promise<string> {
    return resolveTrialRef(this.prisma, ref, field);
  }

  sweepList(query: SweepListQuery): Promise<SweepListRow[]> {
    return sweepList(this.prisma, query);
  }

  /** A sweep's trials or epochs as raw rows, streamed through a server-side cursor. */
  sweepExport(sweepId: string, what: RawExportWhat): Promise<SweepExport> {
    return sweepExport(this.prisma, sweepId, what);
  }

  trialLogs(trialId: string, query: { after?: string | undefined; limit: number }): Promise<TrialLogs> {
    return trialLogs(this.prisma, trialId, query);
  }

  sweepPage(query: { limit: number; offset: number }): Promise<SweepPage> {
    return sweepPage(this.prisma, query);
  }

  sweepDetail(sweepId: string): Promise<SweepDetail> {
    return sweepDetail(this.prisma, sweepId);
  }

  sweepProgress(sweepId: string): Promise<SweepProgress> {
    return sweepProgress(this.prisma, sweepId);
  }

  sweepTable(
    sweepId: string,
    options: Partial<Pick<ComparisonTableOptions, "pivot" | "value" | "baseline">> = {},
  ): Promise<ComparisonTable> {
    return sweepTable(this.prisma, sweepId, options);
  }

  sweepCurves(sweepId: string, limit: number, split: CurveSplit = "test"): Promise<SweepCurve[]> {
    return sweepCurves(this.prisma, sweepId, limit, split);
  }

  sweepTrialList(sweepId: string): Promise<SweepTrialListRow[]> {
    return sweepTrialList(this.prisma, sweepId);
  }

  trialPage(
    sweepId: string,
    query: { status?: TrialStatus | undefined; stage?: TrialStage | undefined; limit: number; offset: number },
  ): Promise<TrialPage> {
    return trialPage(this.prisma, sweepId, query);
  }

  trialDetail(trialId: string): Promise<TrialDetail> {
    return trialDetail(this.prisma, trialId);
  }

  sweepPrunerSpec(sweepId: string, stage: TrialStage = "COMPARE"): Promise<PlanPruner | null> {
    return sweepPrunerSpec(this.prisma, sweepId, stage);
  }

  pruningSnapshot(
    job: Pick<TrialJob, "trialId" | "sweepId" | "benchmark" | "configKey" | "seed" | "stage" | "groupKey" | "sample"> & {
      hyper?: { epochs: number };
    },
    epoch: number,
    query?: PeerQuery,
  ): Promise<PruningSnapshot> {
    return pruningSnapshot(this.prisma, job, epoch, query);
  }

  sweepTuning(sweepId: string): Promise<SweepTuning> {
    return sweepTuning(this.prisma, sweepId);
  }

  workerRows(options: { aliveWithinMs: number; all: boolean }): Promise<WorkerRow[]> {
    return workerRows(this.prisma, options);
  }

  workerStatus(workerId: string): Promise<WorkerStatus | null> {
    return workerStatus(this.prisma, workerId);
  }

  metricsSnapshot(options: { aliveWithinMs: number }): Promise<MetricsSnapshot> {
    return metricsSnapshot(this.prisma, options);
  }

  auditTrail(query: AuditTrailQuery): Promise<AuditTrail> {
    return auditTrail(this.prisma, query);
  }

  ping(): Promise<void> {
    return pingDatabase(this.prisma);
  }

  /** Closes the pool; the storage cannot be used afterwards. */
  async close(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
