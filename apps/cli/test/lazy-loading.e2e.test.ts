import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { gemsweep, type CliResult } from "../../../tests/support/gemsweep-cli.js";

// What each command loads, seen from inside the real binary: a module hook records every module
// the process resolves (support/trace-module-loads.mjs).
const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-lazy-"));
const TRACER = pathToFileURL(path.join(import.meta.dirname, "support/trace-module-loads.mjs")).href;
const TFJS = /\/node_modules\/@tensorflow\//;
const BULLMQ = /\/node_modules\/bullmq\//;
const PRISMA = /\/node_modules\/@prisma\/|\/packages\/db\/generated\//;

async function traced(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliResult & { modules: string[] }> {
  const file = path.join(dir, `${randomUUID()}.txt`);
  const result = await gemsweep(
    args,
    {
      ...env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${TRACER}`.trim(),
      GEMSWEEP_TRACE_MODULES: file,
    },
    input,
  );
  const modules = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  return { ...result, modules };
}
const matching = (modules: string[], pattern: RegExp) => modules.filter((url) => pattern.test(url));

describe("gemsweep loads a command's code only when that command runs", () => {
  it("--version, help and a command's --help load no tfjs, BullMQ or Prisma", async () => {
    for (const args of [
      ["--version"],
      ["help"],
      ["--help"],
      ["help", "table"],
      ["status", "--help"],
    ]) {
      const run = await traced(args);
      expect(run.code, args.join(" ")).toBe(0);
      expect(run.modules.length, `the tracer saw ${args.join(" ")} load modules`).toBeGreaterThan(
        0,
      );
      for (const heavy of [TFJS, BULLMQ, PRISMA])
        expect(matching(run.modules, heavy), `${args.join(" ")}: ${heavy}`).toEqual([]);
    }
    expect((await traced(["--version"])).stdout.trim()).toBe("0.1.0");
  });

  it("table and status read the database (Prisma) and load no tfjs or BullMQ", async () => {
    const env = { GEMSWEEP_QUEUE: `lazy-${randomUUID()}` };
    const spec =
      "name: lazy\nbenchmark: sleep\nseeds: [0, 1]\nbaseline: gelu\nactivations: [relu, gelu]\noverrides: { epochs: 1 }\n";
    const submitted = await gemsweep(["submit", "-", "--json"], env, spec);
    expect(submitted.code).toBe(0);
    const { id } = JSON.parse(submitted.stdout) as { id: string };
    for (const args of [
      ["table", id, "--format", "json"],
      ["status", id, "--json"],
      ["status", id],
    ]) {
      const run = await traced(args, env);
      expect(run.code, args.join(" ")).toBe(0);
      expect(
        matching(run.modules, PRISMA).length,
        `${args.join(" ")} loaded Prisma`,
      ).toBeGreaterThan(0);
      expect(matching(run.modules, TFJS), args.join(" ")).toEqual([]);
      expect(matching(run.modules, BULLMQ), args.join(" ")).toEqual([]);
    }
  });

  it("the worker, and only it, loads tfjs (so the tracer would see tfjs elsewhere)", async () => {
    // --backend gpu on a host without a hardware adapter exits 1 once tfjs has looked for one (a
    // worker that cannot reach its database waits for it instead of exiting)
    const run = await traced(["worker", "--backend", "gpu"], { GEMSWEEP_QUEUE: `lazy-${randomUUID()}` });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/gpu/i);
    expect(matching(run.modules, TFJS).length).toBeGreaterThan(0);
  });
});
