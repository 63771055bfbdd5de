import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { BACKEND_NAMES } from "@gemsweep/contracts";
import { describeSweep, dryRunText, formatTable, parseSpec, parseSpecText } from "@gemsweep/core";
import { LocalWorkers } from "../local-workers.js";
import { readSpecFile } from "../read-spec-file.js";
import { SweepProgress } from "../sweep-progress.js";
import { tuningSummaryLines } from "../tuning-summary.js";
import { withOrchestrator } from "../with-orchestrator.js";
import { backendOption, positiveInt } from "./worker-command.js";

interface RunOptions {
  workers: number;
  backend: string;
  out?: string;
  dryRun?: boolean;
}

/**
 * `gemsweep run SPEC`: the whole loop on this machine: services, K worker processes, progress,
 * then the comparison table printed and written as CSV + Markdown. Ctrl-C drains the workers;
 * `gemsweep resume ID` continues later.
 */
export function runCommand(): Command {
  return new Command("run")
    .description(
      "run a sweep locally end to end: services, workers, progress bars, the final table (CSV/MD in --out)",
    )
    .argument("<SPEC>", "sweep spec file (YAML or JSON; - for stdin)")
    .option(
      "--workers <K>",
      "local worker processes (one per core adds throughput)",
      positiveInt("--workers"),
      2,
    )
    .option(
      "--backend <B>",
      `tfjs backend for the workers: ${BACKEND_NAMES.join(" | ")}`,
      backendOption,
      "auto",
    )
    .option("--out <DIR>", "where to write table.csv and table.md (default: out/<sweep name>)")
    .option(
      "--dry-run",
      "print the plan (trials per stage, the grid, a compute estimate on --backend) and run nothing",
    )
    .action(async (file: string, options: RunOptions) => {
      const text = readSpecFile(file);
      const spec = parseSpec(parseSpecText(text)); // exit 2 before anything starts
      if (options.dryRun) {
        // no services, no database: the plan is computed here, as submit would
        const backend = options.backend === "auto" ? "wasm" : options.backend;
        if (options.backend === "auto") console.log("(--backend auto: estimated as wasm, the CPU default)");
        process.stdout.write(dryRunText(spec, describeSweep(spec, backend)));
        return;
      }
      const outDir = path.resolve(options.out ?? path.join("out", spec.name));
      await withOrchestrator(async ({ storage, orchestrator, redisUrl, databaseUrl }) => {
        const { id, trials } = await orchestrator.submit(text);
        console.error(
          `sweep ${spec.name} (${id}): ${trials} trials on ${options.workers} local workers (backend ${options.backend})`,
        );
        const progress = new SweepProgress(storage, id, trials);
        const workers = new LocalWorkers(
          options.workers,
          { ...process.env, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl },
          ["--backend", options.backend],
        );
        workers.start((line) => {
          if (/error|fail/i.test(line)) progress.log(line);
        });
        let interrupted = false;
        process.once("SIGINT", () => {
          interrupted = true;
        });
        try {
          for (;;) {
            const { ended } = await progress.update();
            if (ended >= trials || interrupted) break;
            if (workers.crashed() === options.workers)
              throw new Error("every local worker exited; see the lines above");
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        } finally {
          progress.stop();
          await workers.stop();
        }
        if (interrupted) {
          console.error(
            `interrupted: finished trials are kept; continue with: gemsweep resume ${id} (and gemsweep worker)`,
          );
          process.exitCode = 130;
          return;
        }
        const table = await storage.sweepTable(id);
        mkdirSync(outDir, { recursive: true });
        writeFileSync(path.join(outDir, "table.csv"), formatTable(table, "csv"));
        writeFileSync(path.join(outDir, "table.md"), formatTable(table, "md"));
        writeFileSync(path.join(outDir, "table.tex"), formatTable(table, "tex"));
        console.log(formatTable(table, "md"));
        const sweep = await orchestrator.sweeps.getSweep(id);
        console.error(
          `\nsweep ${id} ${sweep.status}: ${sweep.counts.COMPLETED} completed, ${sweep.counts.PRUNED} stopped early, ${sweep.counts.DIVERGED} diverged, ${sweep.counts.FAILED} failed`,
        );
        for (const line of tuningSummaryLines(await storage.sweepTuning(id))) console.error(line);
        console.error(`wrote ${path.join(outDir, "table.csv")}, table.md, table.tex`);
      });
    });
}
