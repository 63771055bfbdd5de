import { Command, InvalidArgumentError } from "commander";
import { BACKEND_NAMES, TRIAL_QUEUE } from "@gemsweep/contracts";
import { defaultCheckpointDir, GemSweepWorker } from "@gemsweep/worker";
import { connectServices } from "../connect-services.js";
import { startWhenServicesAnswer } from "../start-when-services-answer.js";

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be an integer >= 1`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be an integer >= 0`);
    return n;
  };
}

export function backendOption(value: string): string {
  if (!(BACKEND_NAMES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`backend must be one of ${BACKEND_NAMES.join(", ")}`);
  return value;
}

/** `gemsweep worker`: one training worker; SIGTERM / SIGINT drain it gracefully. */
export function workerCommand(): Command {
  return new Command("worker")
    .description(
      "run a training worker on the configured queue (SIGTERM drains: checkpoint, hand the job back)",
    )
    .option(
      "--concurrency <K>",
      "trials this process runs at once",
      positiveInt("--concurrency"),
      1,
    )
    .option("--backend <B>", `tfjs backend: ${BACKEND_NAMES.join(" | ")}`, backendOption, "auto")
    .option(
      "--queue <name>",
      "queue name (env GEMSWEEP_QUEUE)",
      process.env.GEMSWEEP_QUEUE ?? TRIAL_QUEUE,
    )
    .option(
      "--wait-for-services <seconds>",
      "at start, how long to wait for a Redis or PostgreSQL that does not answer (0: fail at once)",
      nonNegativeInt("--wait-for-services"),
      300,
    )
    .action(
      async (options: {
        concurrency: number;
        backend: string;
        queue: string;
        waitForServices: number;
      }) => {
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
      },
    );
}

async function startWorker(options: {
  concurrency: number;
  backend: string;
  queue: string;
}): Promise<GemSweepWorker> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const worker = new GemSweepWorker({
    redisUrl,
    databaseUrl,
    queue: options.queue,
    concurrency: options.concurrency,
    backend: options.backend as (typeof BACKEND_NAMES)[number],
    checkpointDir: defaultCheckpointDir(services.config.stateDir),
    dataDir: process.env.GEMSWEEP_DATA_DIR,
    keepCheckpoints: process.env.GEMSWEEP_KEEP_CHECKPOINTS === "1",
    ...(process.env.GEMSWEEP_DB_POOL ? { dbPoolSize: Number(process.env.GEMSWEEP_DB_POOL) } : {}),
    ...(process.env.GEMSWEEP_WORKER_ID ? { workerId: process.env.GEMSWEEP_WORKER_ID } : {}),
  });
  await worker.start();
  return worker;
}
