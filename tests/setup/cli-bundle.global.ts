import { buildCli } from "../../apps/cli/build/build-cli.js";
import { staleBuildReason } from "../../apps/cli/build/stale-build.js";

/**
 * Vitest global setup of the "private-stacks" project: its suites start their own Redis and
 * PostgreSQL but spawn `gemsweep` (its bundle in apps/cli/dist), so a bundle older than the
 * sources is rebuilt first, as the services project's setup does.
 */
export default async function setup(): Promise<void> {
  if (staleBuildReason()) await buildCli();
}
