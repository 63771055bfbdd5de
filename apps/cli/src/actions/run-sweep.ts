import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { formatTable, parseSpec, parseSpecText } from "@gemsweep/core";
import { LocalWorkers } from "../local-workers.js";
import { recordCliAudit } from "../cli-audit.js";
import { readSpecFile } from "../read-spec-file.js";
import { SweepProgress } from "../sweep-progress.js";
import { tuningSummaryLines } from "../tuning-summary.js";
import { withOrchestrator } from "../with-orchestrator.js";

export interface RunOptions {
  workers: number;
  backend: string;
  out?: string;
}

/** Submits the sweep, runs it on local worker processes with progress, then prints and writes the table. */
export async function runSweep(file: string, options: RunOptions): Promise<void> {
  const text = readSpecFile(file);
  const spec = parseSpec(parseSpecText(text)); // exit 2 before anything starts
  const outDir = path.resolve(options.out ?? path.join("out", spec.name));
  await withOrchestrator(async ({ storage, orchestrator, redisUrl, databaseUrl }) => {
    const { id, trials } = await orchestrator.submit(text);
    await recordCliAudit(storage, "sweep.launch", id, { trials, via: "run" });
    console.error(
      `sweep ${spec.name} (${id}): ${trials} trials on ${options.workers} local workers (backend ${options.backend})`,
    );
    // The terminal shows progress and errors only; everything a worker prints goes to a file, and
    // each trial's own log (every epoch, warnings, errors with stacks) is in the database.
    mkdirSync(outDir, { recursive: true });
    const workersLog = path.join(outDir, "workers.log");
    const workerOutput = createWriteStream(workersLog, { flags: "a" });
    console.error(
      `full logs: each trial's with gemsweep logs <trial> (trial ids: gemsweep status ${id} --json) or on the dashboard's trial page; the workers' output in ${workersLog}`,
    );
    const progress = new SweepProgress(storage, id, trials);
    const workers = new LocalWorkers(
      options.workers,
      { ...process.env, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl },
      ["--backend", options.backend],
    );
    workers.start((line) => {
      workerOutput.write(`${line}\n`);
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
      workerOutput.end();
    }
    if (interrupted) {
      console.error(
        `interrupted: finished trials are kept; continue with: gemsweep resume ${id} (and gemsweep worker)`,
      );
      process.exitCode = 130;
      return;
    }
    // Two trials ending at the same instant may each see the other still open, and then neither
    // completes the sweep; the workers' heartbeat would (completeFinishedSweeps), but these
    // workers are gone. Seen under load as `run` reporting "RUNNING: 8 completed".
    await orchestrator.sweeps.refreshStatus(id);
    const table = await storage.sweepTable(id);
    writeFileSync(path.join(outDir, "table.csv"), formatTable(table, "csv"));
    writeFileSync(path.join(outDir, "table.md"), formatTable(table, "md"));
    writeFileSync(path.join(outDir, "table.tex"), formatTable(table, "tex"));
    console.log(formatTable(table, "md"));
    const sweep = await orchestrator.sweeps.getSweep(id);
    console.error(
      `\nsweep ${id} ${sweep.status}: ${sweep.counts.COMPLETED} completed, ${sweep.counts.PRUNED} stopped early, ${sweep.counts.DIVERGED} diverged, ${sweep.counts.FAILED} failed`,
    );
    for (const line of tuningSummaryLines(await storage.sweepTuning(id))) console.error(line);
    console.error(`wrote ${path.join(outDir, "table.csv")}, table.md, table.tex; the workers' output: ${workersLog}`);
  });
}
