import { Command, InvalidArgumentError } from "commander";
import type { DashboardOptions } from "../actions/serve-dashboard.js";

function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidArgumentError("port must be an integer in 1-65535");
  return port;
}

/**
 * `gemsweep dashboard [--port P] [--host H]`: the web UI and HTTP API (a Next.js production
 * server). Builds it once when no production build exists; binds 127.0.0.1 unless told otherwise.
 */
export function dashboardCommand(): Command {
  return new Command("dashboard")
    .option("--port <P>", "TCP port (env PORT)", portOption, Number(process.env.PORT) || 3000)
    .option(
      "--host <H>",
      "address to bind (env HOST); 0.0.0.0 exposes it to the network",
      process.env.HOST ?? "127.0.0.1",
    )
    .option("--rebuild", "rebuild even when a production build exists")
    .action(async (options: DashboardOptions) => {
      const { serveDashboard } = await import("../actions/serve-dashboard.js");
      await serveDashboard(options);
    });
}
