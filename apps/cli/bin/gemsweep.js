#!/usr/bin/env node
// The `gemsweep` binary: runs the CLI's bundle in apps/cli/dist (plain JavaScript, each command
// loaded on use), built by `npm run build:cli`, which scripts/setup.sh runs when it is missing or
// stale. Developers can run the TypeScript sources instead: `npm run gemsweep -- <args>`.
import { existsSync } from "node:fs";
import { staleBuildReason } from "../build/stale-build.js";

const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "gemsweep: the CLI is not built (apps/cli/dist/main.js is missing).\n" +
      "  build it with: npm run build:cli   (scripts/setup.sh, run by npm test and npm run demo, does it too)",
  );
  process.exit(1);
}
const stale = staleBuildReason();
if (stale) {
  console.error(
    `gemsweep: warning: the CLI build is stale (${stale}); rebuild it with: npm run build:cli`,
  );
}
if (process.env.GEMSWEEP_DEBUG) process.setSourceMapsEnabled(true); // stack traces name the sources
await import(entry.href);
