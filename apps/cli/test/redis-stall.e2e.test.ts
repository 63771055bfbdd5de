import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gemsweep } from "../../../tests/support/gemsweep-cli.js";
import { startStallingRedisProxy } from "../../../tests/support/stalling-redis-proxy.js";

// A command that has done its work must exit 0 however slowly Redis answers. Under load, a
// `gemsweep table` right after a `gemsweep run` used to exit 1 after printing the table: it had
// opened a queue connection it never used, and closing that connection while BullMQ was still
// checking Redis's version crashed the process ("Connection is closed.", an 'error' event with no
// listener). Here Redis stalls for 8 s just after each connection's ready check, so the window is
// always open.
const SPEC =
  "name: slow-redis\nbenchmark: sleep\nseeds: [0, 1]\nbaseline: gelu\nactivations: [relu, gelu]\noverrides: { epochs: 1 }\n";
let proxy: Awaited<ReturnType<typeof startStallingRedisProxy>>;
let id: string;
const env = () => ({ REDIS_URL: proxy.url, GEMSWEEP_QUEUE: `slow-redis-${randomUUID()}` });

beforeAll(async () => {
  proxy = await startStallingRedisProxy(process.env.REDIS_URL!, 8000);
  const submitted = await gemsweep(
    ["submit", "-", "--json"],
    { GEMSWEEP_QUEUE: `slow-redis-${randomUUID()}` },
    SPEC,
  );
  expect(submitted.code).toBe(0);
  id = (JSON.parse(submitted.stdout) as { id: string }).id;
});
afterAll(async () => {
  await proxy?.close();
});

describe("gemsweep with a Redis that stalls after connecting", () => {
  it("table and status exit 0 with their output", async () => {
    const table = await gemsweep(["table", id, "--format", "json"], env());
    expect(table.stderr).toBe("");
    expect(table.code).toBe(0);
    expect(
      (JSON.parse(table.stdout) as { rows: { key: string }[] }).rows.map((r) => r.key),
    ).toEqual(["relu", "gelu"]);
    const status = await gemsweep(["status", id, "--json"], env());
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { trials: unknown[] }).trials).toHaveLength(4);
  });

  it("cancel and resume, which may not need the queue, exit 0", async () => {
    const cancel = await gemsweep(["cancel", id], env());
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/cancelled 4 trials/);
    const again = await gemsweep(["cancel", id], env()); // nothing left to remove from the queue
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cancelled 0 trials/);
    const resume = await gemsweep(["resume", id], env());
    expect(resume.code).toBe(0);
    expect(resume.stdout).toMatch(/re-enqueued 4 trials/);
  });

  it("submit waits for the stalled Redis and exits 0", async () => {
    const submitted = await gemsweep(["submit", "-", "--json"], env(), SPEC);
    expect(submitted.code).toBe(0);
    expect((JSON.parse(submitted.stdout) as { trials: number }).trials).toBe(4);
  });
});
