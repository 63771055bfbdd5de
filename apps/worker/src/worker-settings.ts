import os from "node:os";
import path from "node:path";
import * as z from "zod";
import { BACKEND_NAMES, TRIAL_QUEUE } from "@gemsweep/contracts";

/**
 * Everything a worker process is configured with (CLI flags over env), validated once.
 * Lock settings: a SIGKILLed worker's job is re-delivered after lockDurationMs (no renewal)
 * plus at most stalledIntervalMs (the next stalled check): 10 s + 4 s < the 15 s goal.
 */
export const workerSettingsSchema = z.strictObject({
  redisUrl: z.string().min(1),
  databaseUrl: z.string().min(1),
  queue: z.string().min(1).default(TRIAL_QUEUE),
  concurrency: z.int().min(1).max(256).default(1),
  backend: z.enum(BACKEND_NAMES).default("auto"),
  checkpointDir: z.string().min(1),
  /** Keep a trial's checkpoint after it ends (by default it is deleted once the result is recorded). */
  keepCheckpoints: z.boolean().default(false),
  dataDir: z.string().optional(),
  workerId: z
    .string()
    .min(1)
    .default(() => `${os.hostname()}-${process.pid}`),
  /**
   * PostgreSQL connections per worker process. A trial's writes are a few short statements, so
   * a few connections serve any concurrency; each extra connection is a server process that
   * competes for the same CPUs. Measured with `npm run bench:orchestrator` on 2 cores: 4 per
   * worker ~400 no-op trials/s, 20 per worker ~250.
   */
  dbPoolSize: z.int().min(1).max(100).default(4),
  /**
   * A database statement with no answer after this long fails and its connection is dropped:
   * a worker cut off from PostgreSQL hands its trial back instead of holding (and renewing the
   * lock of) a trial it cannot record. Statements take milliseconds; this is far above them.
   */
  dbQueryTimeoutMs: z.int().min(1000).default(20_000),
  /** Opening a database connection fails after this long. */
  dbConnectTimeoutMs: z.int().min(1000).default(10_000),
  heartbeatMs: z.int().min(100).default(2000),
  /** An attempt whose worker has not heartbeated for this long is reaped by any live worker. */
  staleAfterMs: z.int().min(1000).default(20_000),
  lockDurationMs: z.int().min(1000).default(10_000),
  stalledIntervalMs: z.int().min(500).default(4000),
  /** How long SIGTERM waits for running trials to reach a checkpoint before giving up. */
  drainTimeoutMs: z.int().min(1000).default(60_000),
});
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;
export type WorkerSettingsInput = z.input<typeof workerSettingsSchema>;

export function defaultCheckpointDir(stateDir: string): string {
  return process.env.GEMSWEEP_CHECKPOINT_DIR ?? path.join(stateDir, "checkpoints");
}
