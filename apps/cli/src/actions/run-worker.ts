import type { BackendName } from "@gemsweep/contracts";
import { defaultCheckpointDir, GemSweepWorker } from "@gemsweep/worker";
import { connectServices } from "../connect-services.js";
import { startWhenServicesAnswer } from "../start-when-services-answer.js";

export interface WorkerOptions {
  concurrency: number;
  backend: BackendName;
  queue: string;
  /** at start, how long to wait for a Redis or PostgreSQL that does not answer */
  waitForServices: number;
}

/**
 * The worker in this process, until SIGTERM / SIGINT drain it. Why in-process (a lazy import of
 * @gemsweep/worker) rather than a child started from the worker's own entry: signals reach the
 * worker itself (a drain on SIGTERM, a real crash on SIGKILL, tini in the images), and no second
 * Node start; only `gemsweep worker` ever loads the worker and tfjs.
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const worker = await startWhenServicesAnswer(() => startWorker(options), {
    waitMs: options.waitForServices * 1000,
    log: (line) => console.error(`worker: ${line}`),
  });
  console.log(
    `worker ${worker.settings.workerId} ready: backend ${worker.backend} (${worker.device}), concurrency ${options.concurrency}, queue ${options.queue}`,
  );
  await new Promise<void>((resolve) => {
    const drain = (signal: string) => {
      console.log(`worker ${worker.settings.workerId}: ${signal}, draining`);
      void worker.stop().then(resolve);
    };
    process.once("SIGTERM", () => drain("SIGTERM"));
    process.once("SIGINT", () => drain("SIGINT"));
  });
  console.log(`worker ${worker.settings.workerId} stopped`);
  process.exit(0);
}

/** Connects (embedded services started when not external) and starts the worker. */
async function startWorker(options: WorkerOptions): Promise<GemSweepWorker> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const worker = new GemSweepWorker({
    redisUrl,
    databaseUrl,
    queue: options.queue,
    concurrency: options.concurrency,
    backend: options.backend,
    checkpointDir: defaultCheckpointDir(services.config.stateDir),
    dataDir: process.env.GEMSWEEP_DATA_DIR,
    keepCheckpoints: process.env.GEMSWEEP_KEEP_CHECKPOINTS === "1",
    ...(process.env.GEMSWEEP_DB_POOL ? { dbPoolSize: Number(process.env.GEMSWEEP_DB_POOL) } : {}),
    ...(process.env.GEMSWEEP_WORKER_ID ? { workerId: process.env.GEMSWEEP_WORKER_ID } : {}),
  });
  await worker.start();
  return worker;
}
