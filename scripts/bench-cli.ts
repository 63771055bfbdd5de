// `npm run bench:cli [-- --runs 10]`: how long the `gemsweep` binary takes to answer, as a user
// runs it (node apps/cli/bin/gemsweep.js, a fresh process each time). It creates a real small
// sweep first (`gemsweep run`, the sleep benchmark, 2 local workers) in a database of its own on
// the embedded services, then times `--version`, `table <id>` and `status <id> --json`.
// Prints each command's median and spread, the machine load, and a final JSON line:
// {"runs","version_s","table_s","status_s","load"}.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { LocalServices } from "@gemsweep/services";
import { ensureCurrentCliBuild } from "../apps/cli/build/build-cli.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be an integer >= 1");

const ROOT = path.resolve(import.meta.dirname, "..");
// The binary users run is the bundle in apps/cli/dist: measure the one the sources describe.
const rebuiltBecause = await ensureCurrentCliBuild();
if (rebuiltBecause) console.log(`built the CLI bundle first (${rebuiltBecause})`);
const BIN = path.join(ROOT, "apps/cli/bin/gemsweep.js");

// The embedded services with a database of their own (GEMSWEEP_PG_DATABASE), so the CLI takes
// exactly the path a user's `npx gemsweep` takes, and earlier sweeps neither skew nor see this one.
// With REDIS_URL / DATABASE_URL set, those are used as they are.
const database = `gemsweep_bench_cli_${Date.now()}`;
const ownDatabase = !process.env.DATABASE_URL;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...(ownDatabase ? { GEMSWEEP_PG_DATABASE: database } : {}),
  GEMSWEEP_QUEUE: `bench-cli-${process.pid}`,
};
const services = new LocalServices();
await services.up();

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function gemsweep(args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      }),
    );
  });
}

async function mustSucceed(args: string[]): Promise<Finished> {
  const result = await gemsweep(args);
  if (result.code !== 0) {
    throw new Error(
      `gemsweep ${args.join(" ")} exited ${result.code}\n--- stderr\n${result.stderr}\n--- stdout\n${result.stdout}`,
    );
  }
  return result;
}

const specFile = path.join(mkdtempSync(path.join(tmpdir(), "gemsweep-bench-cli-")), "sweep.yaml");
writeFileSync(
  specFile,
  `name: bench-cli
benchmark: sleep
seeds: [0, 1, 2]
baseline: gelu
activations: [relu, gelu, { name: gem, N: [1, 2] }, { name: e-gem, eps: [0.01, 1] }]
overrides: { epochs: 2, sleepMs: 5 }
`,
);
console.log("creating the sweep: gemsweep run (sleep benchmark, 18 trials, 2 local workers)…");
const created = await mustSucceed([
  "run",
  specFile,
  "--workers",
  "2",
  "--backend",
  "cpu",
  "--out",
  path.dirname(specFile),
]);
const id = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(created.stderr)?.[1];
if (!id) throw new Error(`no sweep id in gemsweep run's output:\n${created.stderr}`);
console.log(`sweep ${id}: created in ${created.seconds.toFixed(1)} s`);

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// One untimed call first (file system caches), then `runs` timed calls, one after another.
async function time(args: string[]): Promise<number> {
  await mustSucceed(args);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) seconds.push((await mustSucceed(args)).seconds);
  const m = median(seconds);
  console.log(
    `gemsweep ${args.join(" ").replace(id!, "<id>").padEnd(24)} median ${m.toFixed(3)} s  (min ${Math.min(...seconds).toFixed(3)}, max ${Math.max(...seconds).toFixed(3)}, ${runs} runs)`,
  );
  return m;
}

const loadBefore = loadavg()[0]!;
const version = await time(["--version"]);
const table = await time(["table", id]);
const status = await time(["status", id, "--json"]);
const load = [loadBefore, loadavg()[0]!];
console.log(`1-minute load average: ${load[0]!.toFixed(2)} before, ${load[1]!.toFixed(2)} after`);

if (ownDatabase) await services.postgres.dropDatabase(database);
console.log(
  JSON.stringify({
    runs,
    version_s: Number(version.toFixed(3)),
    table_s: Number(table.toFixed(3)),
    status_s: Number(status.toFixed(3)),
    load: load.map((l) => Number(l.toFixed(2))),
  }),
);
