import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { gemsweep } from "../../../tests/support/gemsweep-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-cli-"));
const queueEnv = () => ({ GEMSWEEP_QUEUE: `cli-${randomUUID()}` });

function specFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const SLEEP_SPEC = `
name: cli-sleep
benchmark: sleep
seeds: [0, 1]
baseline: gelu
activations: [relu, gelu, { name: gem, N: [1, 2] }]
overrides: { epochs: 2, sleepMs: 20 }
`;

describe("gemsweep CLI end to end (real Redis, PostgreSQL, worker processes)", () => {
  it("run: local workers finish every trial, the table is printed and written as CSV/MD/TeX", async () => {
    const out = path.join(dir, "out");
    const result = await gemsweep(["run", specFile("sleep.yaml", SLEEP_SPEC), "--workers", "2", "--backend", "cpu", "--out", out], queueEnv());
    expect(result.stderr).toMatch(/8 trials on 2 local workers/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\| GELU \(baseline\) \|/);
    expect(result.stdout).toMatch(/\| GEM \(N=2\) \|/);
    const csv = readFileSync(path.join(out, "table.csv"), "utf8");
    // the CSV names each row's activation and its parameters, and labels it as the tables do
    expect(csv.split("\n")[0]).toMatch(/^row,label,activation,N,eps,alpha,baseline,benchmark,metric/);
    expect(csv).toMatch(/GEM \(N=2\)/);
    expect(readFileSync(path.join(out, "table.tex"), "utf8")).toMatch(/\\toprule/);

    const id = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(result.stderr)![1]!;
    const status = await gemsweep(["status", id, "--json"], queueEnv());
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { status: string; trials: Array<{ id: string; status: string; attempts: number; config: unknown; seed: number }> };
    expect(parsed.status).toBe("COMPLETED");
    expect(parsed.trials).toHaveLength(8);
    for (const trial of parsed.trials) {
      expect(trial.status).toBe("COMPLETED");
      expect(trial.attempts).toBe(1);
      expect(trial.config).toMatchObject({ hyper: { epochs: 2 } });
    }
    const table = await gemsweep(["table", id, "--format", "json"], queueEnv());
    expect(table.code).toBe(0);
    const json = JSON.parse(table.stdout) as { rows: Array<{ key: string; cells: Array<{ n: number }> }> };
    expect(json.rows.map((r) => r.key)).toEqual(["relu", "gelu", "gem|N=1", "gem|N=2"]);
  });

  it("run trains for real, and the table's numbers match a recomputation from the raw epoch rows", async () => {
    const spec = specFile(
      "fashion.yaml",
      `name: cli-fashion
benchmark: fashion-mnist-mlp
seeds: [0, 1]
baseline: gelu
activations: [relu, gelu, { name: e-gem, eps: 0.1 }]
overrides: { epochs: 1, trainLimit: 1500, testLimit: 1000 }
`,
    );
    const result = await gemsweep(["run", spec, "--workers", "2", "--backend", "wasm", "--out", path.join(dir, "fashion")], queueEnv());
    expect(result.code).toBe(0);
    const id = /sweep \S+ \(([0-9a-f-]{36})\)/.exec(result.stderr)![1]!;
    const table = JSON.parse((await gemsweep(["table", id, "--format", "json"])).stdout) as {
      rows: Array<{ key: string; isBaseline: boolean; cells: Array<{ n: number; mean: number; std: number; delta: number | null; pValue: number | null; deadFraction: number | null; nearDeadFraction: number | null }> }>;
    };

    // Independent recomputation, straight from EpochMetric: each trial's last epoch's test metric
    // (the table reports test; EpochMetric.metric is the validation metric), per config.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ key: string; seed: number; metric: number; dead: number; nearDead: number }>(
      `SELECT t.config->>'activationKey' AS key, t.seed, e."testMetric" AS metric, e."deadFraction" AS dead, e."nearDeadFraction" AS "nearDead"
         FROM "Trial" t JOIN "EpochMetric" e ON e."trialId" = t.id
        WHERE t."sweepId" = $1 AND e.epoch = (SELECT max(epoch) FROM "EpochMetric" WHERE "trialId" = t.id)`,
      [id],
    );
    await client.end();
    const byKey = new Map<string, Map<number, number>>();
    for (const row of rows) byKey.set(row.key, (byKey.get(row.key) ?? new Map()).set(row.seed, row.metric));
    const meanOf = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const baseline = [...byKey.get("gelu")!.values()];
    expect(table.rows.map((r) => r.key)).toEqual(["relu", "gelu", "e-gem|N=1|eps=0.1"]);
    for (const row of table.rows) {
      const values = [...byKey.get(row.key)!.values()];
      const mean = meanOf(values);
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      const cell = row.cells[0]!;
      expect(cell.n).toBe(2);
      expect(cell.mean).toBeCloseTo(mean, 12);
      expect(cell.std).toBeCloseTo(std, 12);
      if (!row.isBaseline) {
        expect(cell.delta).toBeCloseTo(mean - meanOf(baseline), 12);
        expect(cell.pValue).toBeGreaterThanOrEqual(0);
        expect(cell.pValue).toBeLessThanOrEqual(1);
      }
      // one epoch row per trial and epoch: nothing recorded twice
      expect(values.every((v) => v > 0.3 && v <= 1)).toBe(true);
      // the worker recorded the trainer's dead / near-dead fractions; the cell is their mean
      const mine = rows.filter((r) => r.key === row.key);
      expect(mine.every((r) => r.dead !== null && r.nearDead !== null && r.nearDead >= 0 && r.nearDead <= 1)).toBe(true);
      expect(cell.deadFraction).toBeCloseTo(meanOf(mine.map((r) => r.dead)), 12);
      expect(cell.nearDeadFraction).toBeCloseTo(meanOf(mine.map((r) => r.nearDead)), 12);
    }
    expect(rows).toHaveLength(6);

    // the paper style: accuracy in %, the gap to GELU in points, dead and near-dead % per row
    const paper = await gemsweep(["table", id, "--style", "paper"]);
    expect(paper.code).toBe(0);
    const lines = paper.stdout.split("\n");
    expect(lines[0]).toBe("| Activation | Fashion-MNIST, MLP (acc. % ↑) | gap to GELU (points) | dead % | near-dead % |");
    const relu = table.rows[0]!.cells[0]!;
    const text = `${(relu.mean * 100).toFixed(2)} ± ${(relu.std * 100).toFixed(2)}`;
    const gap = `${relu.delta! > 0 ? "+" : ""}${(relu.delta! * 100).toFixed(2)}`;
    expect(lines[2]!.startsWith(`| ReLU | ${text} | ${gap}`) || lines[2]!.startsWith(`| ReLU | **${text}** | ${gap}`)).toBe(true);
  });

  it("submit, cancel and resume through the CLI", async () => {
    const env = queueEnv();
    const submitted = await gemsweep(["submit", specFile("sub.yaml", SLEEP_SPEC), "--json"], env);
    expect(submitted.code).toBe(0);
    const { id, trials } = JSON.parse(submitted.stdout) as { id: string; trials: number };
    expect(trials).toBe(8);
    expect((await gemsweep(["cancel", id], env)).stdout).toMatch(/cancelled 8 trials/);
    expect((await gemsweep(["resume", id], env)).stdout).toMatch(/re-enqueued 8 trials/);
  });

  it("an invalid spec exits 2 and names each bad field; nothing is started", async () => {
    const bad = specFile("bad.yaml", "name: bad\nbenchmark: sleep\nseeds: [0]\nactivations: [gelu, { name: e-gem, N: 0, eps: -1 }]\n");
    const result = await gemsweep(["run", bad], queueEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/activations\.1\.N: .*integer >= 1/);
    expect(result.stderr).toMatch(/activations\.1\.eps: .*> 0/);
    expect(result.stdout).toBe("");
  });

  it("usage errors and unknown ids map to the contract's exit codes", async () => {
    expect((await gemsweep(["submit", path.join(dir, "missing.yaml")])).code).toBe(2);
    expect((await gemsweep(["table"])).code).toBe(2);
    const style = await gemsweep(["table", randomUUID(), "--style", "fancy"]);
    expect(style.code).toBe(2);
    expect(style.stderr).toMatch(/style must be one of default, paper/);
    expect((await gemsweep(["run", "x.yaml", "--workers", "zero"])).code).toBe(2);
    const unknown = await gemsweep(["status", randomUUID()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not found/);
  });

  it("reads a spec from standard input", async () => {
    const result = await gemsweep(["submit", "-"], queueEnv(), SLEEP_SPEC);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
