// npm run results:fashion [-- --workers N] [--full | --quick] [--out PATH] [--backend wasm|cpu]
// npm run results:fashion -- --render SWEEP_ID [--out PATH]
//
// The committed Fashion-MNIST result (issue #16): runs scripts/results/fashion-mnist.yaml, a
// tune-then-compare sweep of relu, gelu, swish, GEM N=1,2, E-GEM and SE-GEM at two eps each on the
// MLP and the CNN, through `gemsweep run` (which starts the embedded Redis and PostgreSQL when
// REDIS_URL / DATABASE_URL are unset, and real worker processes), then writes
// docs/results/fashion-mnist.md from the database (scripts/results/results-doc.ts). --render
// rebuilds the document from a finished sweep without training. Bad flags exit 2, naming the flag.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeSweep, dryRunText, parseSpec, parseSpecText } from "@gemsweep/core";
import { GemSweepStorage, migrateDatabase } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";
import {
  coreCount,
  cpuModel,
  gitCommit,
  loadAverage,
  type RunRecord,
} from "./results/machine-info.js";
import { recordIn, renderResultsDoc } from "./results/results-doc.js";
import { VARIANT_NOTE, variantSpecText, type Variant } from "./results/fashion-variants.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const BACKENDS = ["wasm", "cpu", "webgpu", "tensorflow", "auto"];

function usage(message: string): never {
  console.error(`results:fashion: ${message}`);
  console.error(
    "usage: npm run results:fashion -- [--workers N] [--full | --quick] [--out PATH] [--backend NAME] | --render SWEEP_ID [--out PATH]",
  );
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        workers: { type: "string", default: "2" },
        full: { type: "boolean", default: false },
        quick: { type: "boolean", default: false },
        render: { type: "string" },
        out: { type: "string" },
        backend: { type: "string", default: "wasm" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node names the flag: "Unknown option '--fast'", "Option '--out <value>' argument missing"
    usage((error as Error).message);
  }
  const workers = Number(values.workers);
  if (!/^\d+$/.test(values.workers!) || workers < 1 || workers > 64)
    usage(`--workers: expected an integer from 1 to 64, got '${values.workers}'`);
  if (values.full && values.quick) usage("--full and --quick: choose one");
  if (values.render !== undefined && !/^[0-9a-f-]{36}$/i.test(values.render))
    usage(`--render: expected a sweep id (a UUID), got '${values.render}'`);
  if (values.render !== undefined && (values.full || values.quick))
    usage("--render: takes no --full or --quick (the sweep already ran)");
  if (!BACKENDS.includes(values.backend!))
    usage(`--backend: expected one of ${BACKENDS.join(", ")}, got '${values.backend}'`);
  if (values.out === "") usage("--out: expected a path");
  const variant: Variant = values.full ? "full" : values.quick ? "quick" : "default";
  return {
    workers,
    variant,
    render: values.render,
    out: path.resolve(values.out ?? path.join(ROOT, "docs/results/fashion-mnist.md")),
    backend: values.backend!,
  };
}

/** Runs `gemsweep run` on the spec, its progress on this terminal; resolves to the sweep id. */
function runSweep(specFile: string, workers: number, backend: string): Promise<string> {
  const tableDir = mkdtempSync(path.join(tmpdir(), "gemsweep-results-"));
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "apps/cli/src/main.ts"),
      "run",
      specFile,
      "--workers",
      String(workers),
      "--backend",
      backend,
      "--out",
      tableDir,
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "pipe"] },
  );
  let id: string | null = null;
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    buffered += chunk.toString();
    id ??= /\(([0-9a-f-]{36})\): \d+ trials on/.exec(buffered)?.[1] ?? null;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 && id) resolve(id);
      else
        reject(
          new Error(
            `gemsweep run exited ${code}${id ? ` (sweep ${id}; resume it with gemsweep resume ${id})` : ""}`,
          ),
        );
    });
  });
}

/** The embedded services' URLs (or REDIS_URL / DATABASE_URL), as every gemsweep command finds them. */
async function databaseUrl(): Promise<string> {
  const urls = await new LocalServices().up();
  await migrateDatabase(urls.databaseUrl);
  return urls.databaseUrl;
}

async function writeDoc(
  out: string,
  sweepId: string,
  record: RunRecord | null,
  variant: string,
): Promise<void> {
  const storage = GemSweepStorage.open(await databaseUrl(), { max: 2 });
  try {
    const doc = await renderResultsDoc(storage, sweepId, record, variant);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, doc);
  } finally {
    await storage.close();
  }
  console.error(`wrote ${path.relative(process.cwd(), out)}`);
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.render) {
    // keep the run's record (commit, hardware, load) when re-rendering the document it wrote
    const previous = existsSync(opts.out)
      ? recordIn(readFileSync(opts.out, "utf8"), opts.render)
      : null;
    await writeDoc(
      opts.out,
      opts.render,
      previous,
      previous ? (VARIANT_NOTE[previous.variant as Variant] ?? previous.variant) : "not recorded",
    );
    return;
  }
  const specDir = mkdtempSync(path.join(tmpdir(), "gemsweep-results-spec-"));
  const specFile = path.join(specDir, "fashion-mnist.yaml");
  const specText = variantSpecText(opts.variant);
  writeFileSync(specFile, specText);
  const spec = parseSpec(parseSpecText(specText));
  process.stderr.write(
    dryRunText(spec, describeSweep(spec, opts.backend === "auto" ? "wasm" : opts.backend)),
  );
  const loadStart = loadAverage();
  const startedAt = new Date().toISOString();
  console.error(
    `results:fashion (${opts.variant}): ${VARIANT_NOTE[opts.variant]}; ${opts.workers} workers on ${opts.backend}; load ${loadStart.join(", ")}`,
  );
  const sweepId = await runSweep(specFile, opts.workers, opts.backend);
  const record: RunRecord = {
    sweepId,
    variant: opts.variant,
    commit: gitCommit(),
    cpu: cpuModel(),
    cores: coreCount(),
    node: process.versions.node,
    backend: opts.backend,
    workers: opts.workers,
    loadStart,
    loadEnd: loadAverage(),
    startedAt,
    endedAt: new Date().toISOString(),
  };
  await writeDoc(opts.out, sweepId, record, VARIANT_NOTE[opts.variant]);
}

main().catch((error: unknown) => {
  console.error(`results:fashion: ${(error as Error).message}`);
  process.exit(1);
});
