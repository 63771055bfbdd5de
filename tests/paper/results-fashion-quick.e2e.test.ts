import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { ComparisonTable } from "@gemsweep/core";
import { renderTable } from "../../scripts/results/results-doc.js";
import { gemsweep, REPO_ROOT } from "../support/gemsweep-cli.js";

// `npm run results:fashion -- --quick` end to end, on the suite's real Redis and PostgreSQL and
// real worker processes, on the Debian Fashion-MNIST package (never downloaded here): the document
// it writes must be the database's (the table `gemsweep table --format json` gives, the tuning
// choices, the dead units, the wall time), not numbers from anywhere else.

function results(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "scripts/results-fashion.ts"), ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, GEMSWEEP_DOWNLOAD: "0", ...env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe("npm run results:fashion", () => {
  it("names a bad flag and exits 2 before anything starts", async () => {
    for (const [args, named] of [
      [["--workers", "0"], "--workers"],
      [["--fast"], "--fast"],
      [["--render", "not-a-sweep"], "--render"],
      [["--full", "--quick"], "--full and --quick"],
    ] as const) {
      const r = await results([...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(named);
    }
  });

  it(
    "--quick runs the sweep on real workers and writes a document built from the database",
    { timeout: 900_000 },
    async () => {
      const out = path.join(
        mkdtempSync(path.join(tmpdir(), "gemsweep-results-")),
        "fashion-mnist.md",
      );
      const run = await results(["--quick", "--out", out], {
        GEMSWEEP_QUEUE: `results-${randomUUID()}`,
      });
      expect(run.code, run.stderr.slice(-3000)).toBe(0);
      const doc = readFileSync(out, "utf8");
      const id = /sweep: `([0-9a-f-]{36})`/.exec(doc)![1]!;

      // the comparison table and the N pivot are the database's, as the CLI reads it
      const table = await gemsweep(["table", id, "--format", "json"]);
      expect(table.code).toBe(0);
      const parsed = JSON.parse(table.stdout) as ComparisonTable;
      expect(parsed.rows.map((r) => r.label)).toEqual(["GELU", "GEM (N=1)", "GEM (N=2)"]);
      expect(doc).toContain(renderTable(parsed).trim());
      // paper style: accuracy in percent at 2 decimals
      for (const row of parsed.rows)
        for (const cell of row.cells) expect(doc).toContain((100 * cell.mean!).toFixed(2));
      expect(doc).toContain("### gem by N");

      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        const counts = await client.query<{ stage: string; n: number }>(
          `SELECT stage::text, count(*)::int AS n FROM "Trial" WHERE "sweepId" = $1 AND status = 'COMPLETED' GROUP BY 1 ORDER BY 1`,
          [id],
        );
        expect(counts.rows).toEqual([
          { stage: "COMPARE", n: 6 },
          { stage: "TUNE", n: 12 },
        ]);
        // each config's tuning choice, as stored
        const choices = await client.query<{
          configKey: string;
          values: { lr: number };
          score: number;
        }>(`SELECT "configKey", values, score FROM "TuningChoice" WHERE "sweepId" = $1`, [id]);
        expect(choices.rows).toHaveLength(6);
        for (const c of choices.rows)
          expect(doc).toContain(`| lr* = ${c.values.lr} | ${c.score.toFixed(4)} |`);
        // the dead-unit columns: one seed per config here, so each cell's dead fraction is its
        // comparison trial's last epoch's, as the worker stored it
        const dead = await client.query<{
          benchmark: string;
          configKey: string;
          deadFraction: number;
        }>(
          `SELECT t.benchmark, t."configKey", e."deadFraction" FROM "Trial" t JOIN "EpochMetric" e ON e."trialId" = t.id
         WHERE t."sweepId" = $1 AND t.stage = 'COMPARE' AND e.epoch = t."epochsDone"`,
          [id],
        );
        expect(dead.rows).toHaveLength(6);
        for (const [c, column] of parsed.columns.entries())
          for (const row of parsed.rows) {
            const stored = dead.rows.find(
              (r) =>
                r.benchmark === column.benchmark &&
                r.configKey === `${column.benchmark}|${row.key}`,
            )!;
            expect(row.cells[c]!.deadFraction).toBeCloseTo(stored.deadFraction, 12);
          }
        const sweep = await client.query<{ created: Date; finished: Date }>(
          `SELECT "createdAt" AS created, "finishedAt" AS finished FROM "Sweep" WHERE id = $1`,
          [id],
        );
        const wall = (sweep.rows[0]!.finished.getTime() - sweep.rows[0]!.created.getTime()) / 1000;
        expect(doc).toContain(`(${Math.round(wall)} s)`);
      } finally {
        await client.end();
      }

      // the run's record: this checkout's commit, the machine, the backend; the stored spec
      const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
      }).trim();
      expect(doc).toMatch(new RegExp(`- commit: ${head}`));
      expect(doc).toMatch(
        /- hardware: .+, \d+ cores, Node [\d.]+; 2 local workers on the `wasm` backend/,
      );
      expect(doc).toMatch(/- load average \(1, 5, 15 min\): [\d.]+, [\d.]+, [\d.]+ at the start/);
      expect(doc).toContain('"name": "fashion-mnist-results-quick"');

      // --render rebuilds the same document from the finished sweep, keeping the run's record
      const again = await results(["--render", id, "--out", out]);
      expect(again.code, again.stderr).toBe(0);
      expect(readFileSync(out, "utf8")).toBe(doc);
    },
  );
});
