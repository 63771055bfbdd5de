// Module hooks of trace-module-loads.mjs (they run on Node's loader thread).
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.GEMSWEEP_TRACE_MODULES) {
    appendFileSync(process.env.GEMSWEEP_TRACE_MODULES, `${resolved.url}\n`);
  }
  return resolved;
}
