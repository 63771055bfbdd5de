import { Command } from "commander";
import { BACKEND_NAMES, TRIAL_QUEUE } from "@gemsweep/contracts";
import { backendOption } from "./backend-option.js";
import { nonNegativeIntOption } from "./non-negative-int-option.js";
import { positiveIntOption } from "./positive-int-option.js";
import type { WorkerOptions } from "../actions/run-worker.js";

/** `gemsweep worker`: one training worker; SIGTERM / SIGINT drain it gracefully. */
export function workerCommand(): Command {
  return new Command("worker")
    .option(
      "--concurrency <K>",
      "trials this process runs at once",
      positiveIntOption("--concurrency"),
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
      nonNegativeIntOption("--wait-for-services"),
      300,
    )
    .action(async (options: WorkerOptions) => {
      const { runWorker } = await import("../actions/run-worker.js");
      await runWorker(options);
    });
}
