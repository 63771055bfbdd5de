// `npm run build:cli` (or `tsx apps/cli/build/main.ts`): bundles the CLI into apps/cli/dist.
// `--if-stale` builds only when dist is missing or older than what it was built from (what
// scripts/setup.sh runs, so `npm test`, `npm run demo` and CI always get a current build).
import { parseArgs } from "node:util";
import { buildCli } from "./build-cli.js";
import { staleBuildReason } from "./stale-build.js";

const { values } = parseArgs({ options: { "if-stale": { type: "boolean", default: false } } });
const reason = staleBuildReason();
if (values["if-stale"] && reason === undefined) {
  console.log("cli build: apps/cli/dist is current");
} else {
  const { outputs, seconds } = await buildCli();
  console.log(
    `cli build: apps/cli/dist, ${outputs.filter((f) => f.endsWith(".js")).length} files in ${seconds.toFixed(2)} s${reason ? ` (${reason})` : ""}`,
  );
}
