import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../../tools/dashboard-paths.js";

export interface RunningWorker {
  log: () => string;
  stop: () => Promise<void>;
}

/** A real `gemsweep worker` process on the given queue (SIGTERM drains it on stop). */
export async function startWorker(queue: string, options: { concurrency?: number; timeoutMs?: number; backend?: string } = {}): Promise<RunningWorker> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "apps/cli/bin/gemsweep.js"), "worker", "--concurrency", String(options.concurrency ?? 2), "--backend", options.backend ?? "cpu"], {
    cwd: REPO_ROOT,
    env: { ...process.env, GEMSWEEP_QUEUE: queue },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let exited = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const gone = new Promise<void>((resolve) =>
    child.on("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => !exited && process.kill(-child.pid!, "SIGKILL"), 20_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!/ready:/.test(output)) {
    if (exited) throw new Error(`worker exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`worker not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { log: () => output, stop };
}
