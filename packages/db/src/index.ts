// Public surface of @gemsweep/db: the Prisma client, migrations, the stores (the only code
// that writes state), the trial queue producer, the orchestrator, and table queries.
export { createPrismaClient, sqlPoolOf, PrismaClient } from "./prisma-client.js";
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
export { reapStaleAttempts } from "./reaper.js";
export { Orchestrator } from "./orchestrator.js";
export { tableRows, sweepTable } from "./results-query.js";
