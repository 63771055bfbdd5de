// @ts-check
// Whether apps/cli/dist still matches what it was built from: the bin warns when it does not and
// the build (`--if-stale`) rebuilds, by the same rule. The build lists every file it read in
// dist/build-inputs.json, written last; the build is stale when that list is missing, or a file
// on it is gone or newer than the list. Plain JavaScript: the bin runs it before any build exists.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(CLI_DIR, "../..");
export const DIST_DIR = path.join(CLI_DIR, "dist");
export const BUILD_INPUTS = path.join(DIST_DIR, "build-inputs.json");

/** @returns {string | undefined} why apps/cli/dist must be rebuilt; undefined when it is current */
export function staleBuildReason() {
  /** @type {number} */
  let builtAt;
  /** @type {string[]} */
  let inputs;
  try {
    builtAt = statSync(BUILD_INPUTS).mtimeMs;
    inputs = JSON.parse(readFileSync(BUILD_INPUTS, "utf8")).inputs;
  } catch {
    return "apps/cli/dist holds no complete build";
  }
  for (const input of inputs) {
    /** @type {number} */
    let changedAt;
    try {
      changedAt = statSync(path.join(REPO_ROOT, input)).mtimeMs;
    } catch {
      return `${input} was removed after the build`;
    }
    if (changedAt > builtAt) return `${input} changed after the build`;
  }
  return undefined;
}
