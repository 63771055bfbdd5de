// `npm run soak -- --trials 2000 --minutes 10 --workers 4 [--seed 1] [--concurrency 4] [--fashion N] [--log FILE] [--keep]`
// A real sweep (sleep trials and a few real Fashion-MNIST ones) on its own Redis + PostgreSQL
// and real workers, under a seeded chaos schedule: a worker SIGKILLed every 5-15 s, one drained,
// Redis and PostgreSQL restarted once each, one worker cut off from both for 30-60 s, the
// checkpoint volume filled once. Then the database is audited. Prints one summary line
// (`soak: ... lost=0 duplicated=0 stuck=0 ...`) and exits 1 on any violation (listed on stderr).
import { parseArgs } from "node:util";
import { runSoak } from "./soak/run-soak.js";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "2000" },
    minutes: { type: "string", default: "10" },
    workers: { type: "string", default: "4" },
    seed: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
    fashion: { type: "string" },
    "partition-mode": { type: "string", default: "blackhole" },
    log: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got ${raw}`);
    process.exit(2);
  }
  return value;
}

const mode = values["partition-mode"];
if (mode !== "blackhole" && mode !== "reset") {
  console.error(`--partition-mode must be blackhole or reset, got ${mode}`);
  process.exit(2);
}

const report = await runSoak({
  trials: Math.round(positive("trials", values.trials)),
  minutes: positive("minutes", values.minutes),
  workers: Math.round(positive("workers", values.workers)),
  seed: Math.round(Number(values.seed)),
  concurrency: Math.round(positive("concurrency", values.concurrency)),
  ...(values.fashion !== undefined ? { fashionTrials: Math.round(Number(values.fashion)) } : {}),
  ...(values.log ? { logFile: values.log } : {}),
  keep: values.keep,
  chaos: { partitionMode: mode },
});
for (const violation of report.violations) console.error(`VIOLATION ${violation}`);
console.error(`soak log: ${report.logFile}`);
console.log(report.line);
process.exit(report.violations.length > 0 ? 1 : 0);
