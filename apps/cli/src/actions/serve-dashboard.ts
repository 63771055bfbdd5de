import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectServices } from "../connect-services.js";

const DASHBOARD_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../dashboard",
);

export interface DashboardOptions {
  port: number;
  host: string;
  rebuild?: boolean;
}

/** Runs `node next <args>` in apps/dashboard; resolves with its exit code, forwarding Ctrl-C / SIGTERM. */
function runNext(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const nextBin = createRequire(path.join(DASHBOARD_DIR, "package.json")).resolve(
    "next/dist/bin/next",
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: DASHBOARD_DIR,
      env,
      stdio: "inherit",
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

/** Serves the dashboard's production build (building it first when there is none, or --rebuild). */
export async function serveDashboard(options: DashboardOptions): Promise<void> {
  const { redisUrl, databaseUrl } = await connectServices();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (options.rebuild || !existsSync(path.join(DASHBOARD_DIR, ".next/BUILD_ID"))) {
    console.log("building the dashboard (once; takes a few minutes on a small machine)…");
    const built = await runNext(["build", "--webpack"], env);
    if (built !== 0) {
      process.exitCode = 1;
      console.error("error: the dashboard build failed");
      return;
    }
  }
  console.log(
    `dashboard on http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}${process.env.GEMSWEEP_API_TOKEN ? " (mutations need the API token)" : ""}`,
  );
  process.exitCode = await runNext(
    ["start", "--hostname", options.host, "--port", String(options.port)],
    env,
  );
}
