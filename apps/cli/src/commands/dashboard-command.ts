import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { connectServices } from "../connect-services.js";

const DASHBOARD_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../dashboard",
);

function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidArgumentError("port must be an integer in 1-65535");
  return port;
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

/**
 * `gemsweep dashboard [--port P] [--host H]`: the web UI and HTTP API (a Next.js production
 * server). Builds it once when no production build exists; binds 127.0.0.1 unless told otherwise.
 */
export function dashboardCommand(): Command {
  return new Command("dashboard")
    .description("serve the dashboard and the HTTP API (production build; built on first use)")
    .option("--port <P>", "TCP port (env PORT)", portOption, Number(process.env.PORT) || 3000)
    .option(
      "--host <H>",
      "address to bind (env HOST); 0.0.0.0 exposes it to the network",
      process.env.HOST ?? "127.0.0.1",
    )
    .option("--rebuild", "rebuild even when a production build exists")
    .action(async (options: { port: number; host: string; rebuild?: boolean }) => {
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
    });
}
