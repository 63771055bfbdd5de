import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
    expect(result.stdout).toMatch(/\| gelu \(baseline\) \|/);
    expect(result.stdout).toMatch(/\| gem \(N=2\) \|/);
    const csv = readFileSync(path.join(out, "table.csv"), "utf8");
    expect(csv.split("\n")[0]).toMatch(/^row,label,baseline,benchmark,metric/);
    expect(csv).toMatch(/gem \(N=2\)/);
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
