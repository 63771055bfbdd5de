// Public surface of @gemsweep/db: the storage boundary apps hold (GemSweepStorage), the stores
// (the only code that writes state), the named read queries, the trial queue producer, the
// orchestrator, migrations, and the Prisma client (for tests, benchmarks and scripts).
export { createPrismaClient, sqlPoolOf, PrismaClient, type DatabasePoolOptions } from "./prisma-client.js";
export type {
  Sweep,
  Trial,
  Attempt,
  EpochMetric,
  Worker,
  SweepStatus,
  TrialStatus as DbTrialStatus,
} from "./prisma-client.js";
export { migrateDatabase, loadMigrations, MIGRATIONS_DIR, type Migration } from "./migrations.js";
export {
  SweepStore,
  assertUuid,
  trialJobOf,
  type StatusCounts,
  type SweepSummaryRow,
} from "./sweep-store.js";
export {
  TrialStore,
  type AttemptOutcome,
  type AttemptStart,
  type EpochRecord,
} from "./trial-store.js";
export { WorkerStore, type WorkerInfo } from "./worker-store.js";
export { TrialQueue, redisConnection, TRIAL_JOB_ATTEMPTS } from "./trial-queue.js";
export { Orchestrator } from "./orchestrator.js";
export { crashPoint, type CrashPoint } from "./crash-point.js";
export { SELECTION_METRIC_SQL } from "./selection-metric.js";
export {
  hasReadyStage,
  openComparisonStages,
  openedStageJobs,
  type StageTransition,
} from "./stage-transition.js";
export { sweepTuning, type SweepTuning, type TuningGroup, type TuningTrialRow } from "./sweep-tuning.js";
export { tableRows, sweepTable, chosenSettings } from "./results-query.js";
export { GemSweepStorage } from "./gemsweep-storage.js";
export { sweepPage, type SweepPage } from "./sweep-page.js";
export { sweepDetail, type SweepDetail } from "./sweep-detail.js";
export { sweepProgress, type SweepProgress, type RunningTrialProgress } from "./sweep-progress.js";
export { sweepCurves, type SweepCurve, type CurvePoint } from "./sweep-curves.js";
export { sweepTrialList, type SweepTrialListRow } from "./sweep-trial-list.js";
export { trialPage, type TrialPage, type TrialPageRow } from "./trial-page.js";
export { trialDetail, type TrialDetail } from "./trial-detail.js";
export { sweepPrunerSpec } from "./sweep-pruner-spec.js";
export { pruningSnapshot, type PruningSnapshot } from "./pruning-snapshot.js";
export { workerRows, type WorkerRow } from "./worker-rows.js";
export { workerStatus } from "./worker-status.js";
export { metricsSnapshot, type MetricsSnapshot } from "./metrics-snapshot.js";
export { pingDatabase } from "./ping-database.js";
export { resolveSweepRef, type ResolvedSweep } from "./sweep-ref.js";
export { resolveTrialRef } from "./trial-ref.js";
export { MIN_ID_PREFIX, uuidPrefixBounds } from "./uuid-prefix.js";
export { sweepList, type SweepListRow, type SweepListQuery } from "./sweep-list.js";
export { sweepExport, EXPORT_BATCH_ROWS, type SweepExport } from "./sweep-export.js";
export {
  TrialLogStore,
  TRIAL_LOG_MAX_LINES,
  TRIAL_LOG_MAX_MSG_CHARS,
  TRIAL_LOG_MAX_DATA_CHARS,
  type TrialLogLineInput,
} from "./trial-log-store.js";
export { trialLogs, type TrialLogs, type TrialLogLine } from "./trial-logs.js";
export { ApiTokenStore, type ApiTokenInfo } from "./api-token-store.js";
export { apiTokenParts, API_TOKEN_PREFIX } from "./api-token-secret.js";
export { AuditStore, type AuditEntry, type AuditEventRow } from "./audit-store.js";
export { auditTrail, type AuditTrail, type AuditTrailQuery } from "./audit-trail.js";
