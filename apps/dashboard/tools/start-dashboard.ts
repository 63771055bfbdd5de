import { spawn } from "node:child_process";
import { DASHBOARD_DIR, NEXT_BIN } from "./dashboard-paths.js";
import { freePort } from "./free-port.js";

export interface RunningDashboard {
  url: string;
  port: number;
  /** the server process (its group holds anything it spawned) */
  pid: number;
  /** Server output so far (for failure messages). */
  log: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the production server (`next start`) on a free port of 127.0.0.1 with the given
 * environment, and resolves once it answers HTTP. Runs in its own process group, so `stop`
 * ends the server and anything it spawned.
 */
export async function startDashboard(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<RunningDashboard> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: DASHBOARD_DIR,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`dashboard exited before answering:\n${output}`);
    try {
      const response = await fetch(`${url}/api/openapi.json`);
      if (response.ok) return { url, port, pid: child.pid!, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`dashboard did not answer within ${timeoutMs} ms:\n${output}`);
}
