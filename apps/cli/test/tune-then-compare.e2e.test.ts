import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { measuredThroughput } from "@gemsweep/core";
import { gemsweep, REPO_ROOT } from "../../../tests/support/gemsweep-cli.js";

// The protocol through the CLI a user runs: the dry run (no services touched), a bad spec
// naming its field, and examples/fashion-tune-compare.yaml end to end on real Fashion-MNIST
// with two real worker processes.

const EXAMPLE = path.join(REPO_ROOT, "examples/fashion-tune-compare.yaml");
const queueEnv = () => ({ GEMSWEEP_QUEUE: `cli-protocol-${randomUUID()}` });

describe("gemsweep run: tune then compare", () => {
  it("--dry-run prints the plan per stage, the grid and the estimate, and runs nothing", async () => {
    // no REDIS_URL / DATABASE_URL and a state folder with no services: a dry run needs none
    const stateDir = mkdtempSync(path.join(tmpdir(), "gemsweep-dry-"));
    const result = await gemsweep(["run", "--dry-run", EXAMPLE], { REDIS_URL: "", DATABASE_URL: "", GEMSWEEP_STATE_DIR: stateDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("stage 1 (tune on validation): 3 configs x 6 settings x 1 seed = 18 trials; sampler random (seed 0)");
    expect(result.stdout).toContain("stage 2 (compare on test): 3 configs x 3 seeds [0, 1, 2] = 9 trials");
    expect(result.stdout).toContain("fashion-mnist-mlp: activations {relu, gelu, e-gem|N=1|eps=0.01}; tuned: lr in [1e-4, 0.01] log; ASHA rungs at epochs 1 of 3");
    const measured = measuredThroughput("fashion-mnist-mlp", "wasm")!.samplesPerSec;
    expect(result.stdout).toMatch(new RegExp(`fashion-mnist-mlp: [0-9.]+ s per epoch \\(${measured} samples/s \\(docs/training\\.md#measured`));
    const cpu = await gemsweep(["run", "--dry-run", EXAMPLE, "--backend", "cpu"], { REDIS_URL: "", DATABASE_URL: "", GEMSWEEP_STATE_DIR: stateDir });
    expect(cpu.stdout).toContain("unknown: no samples/s measured for fashion-mnist-mlp on cpu");
    expect(cpu.stdout).toContain("total: unknown");
  });

  it("names the bad field of a protocol spec and exits 2 before anything starts", async () => {
    const bad = readFileSync(EXAMPLE, "utf8").replace("budget: 6, ", "");
    const result = await gemsweep(["run", "--dry-run", "-"], {}, bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tune.budget: required when a tuned hyperparameter is a range (lr of fashion-mnist-mlp)");
  });

  it("runs examples/fashion-tune-compare.yaml end to end on two workers: tuning with ASHA, then the paired comparison", { timeout: 1_200_000 }, async () => {
    const out = mkdtempSync(path.join(tmpdir(), "gemsweep-protocol-"));
    const started = Date.now();
    const result = await gemsweep(["run", EXAMPLE, "--workers", "2", "--backend", "wasm", "--out", out], queueEnv());
    const seconds = (Date.now() - started) / 1000;
    expect(result.code, result.stderr).toBe(0);
    const id = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(result.stderr)![1]!;
    expect(result.stderr).toContain("27 trials on 2 local workers");
    expect(result.stderr).toMatch(/stage 1 \(tune lr on validation, scheduler asha\): 18 trials, \d+ stopped early by ASHA/);
    expect(result.stderr).toMatch(/fashion-mnist-mlp \/ E-GEM \(N=1, ε=0\.01\): lr\*=/);
    expect(result.stdout).toMatch(/\| GELU \(baseline\) \|/);
    expect(result.stdout).toMatch(/lr\\\*=/); // the choice in each cell
    expect(result.stdout).toContain("stage 2 (comparison) trials on the test metric; lr chosen per config by stage 1");

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ stage: string; status: string; n: number }>(
        `SELECT stage::text, status::text, count(*)::int AS n FROM "Trial" WHERE "sweepId" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
        [id],
      );
      const count = (stage: string, status: string) => rows.find((r) => r.stage === stage && r.status === status)?.n ?? 0;
      expect(count("COMPARE", "COMPLETED")).toBe(9);
      expect(count("TUNE", "COMPLETED") + count("TUNE", "PRUNED")).toBe(18);
      const stopped = count("TUNE", "PRUNED");
      expect(stopped).toBeGreaterThan(0);
      // stage 2 ran each config's chosen lr on the same seeds
      const compare = await client.query<{ configKey: string; seed: number; lr: number; chosen: number }>(
        `SELECT t."configKey", t.seed, (t.config->'hyper'->>'lr')::float8 AS lr, (c."values"->>'lr')::float8 AS chosen
         FROM "Trial" t JOIN "TuningChoice" c ON c."sweepId" = t."sweepId" AND c."configKey" = t."configKey"
         WHERE t."sweepId" = $1 AND t.stage = 'COMPARE' ORDER BY 1, 2`,
        [id],
      );
      expect(compare.rows).toHaveLength(9);
      for (const r of compare.rows) expect(r.lr).toBe(r.chosen);
      const seedsOf = new Map<string, number[]>();
      for (const r of compare.rows) seedsOf.set(r.configKey, [...(seedsOf.get(r.configKey) ?? []), r.seed]);
      expect([...seedsOf.values()]).toEqual([[0, 1, 2], [0, 1, 2], [0, 1, 2]]);
      console.log(`fashion tune-then-compare: ${seconds.toFixed(0)} s wall on 2 workers; ASHA stopped ${stopped} of 18 tuning trials early`);
    } finally {
      await client.end();
    }
    const csv = parse(readFileSync(path.join(out, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => r.row)).toEqual(["relu", "gelu", "e-gem|N=1|eps=0.01"]);
    for (const r of csv) {
      expect(Number(r.lr)).toBeGreaterThanOrEqual(1e-4);
      expect(Number(r.n)).toBe(3);
    }
    const status = await gemsweep(["status", id]);
    expect(status.stdout).toMatch(/stage 1 \(tune lr on validation, scheduler asha\)/);
  });
});
