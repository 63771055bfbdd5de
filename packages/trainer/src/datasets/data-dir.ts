import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where datasets live: $GEMSWEEP_DATA_DIR, else ~/.cache/gemsweep/data. */
export function dataDir(override?: string): string {
  const dir = override ?? process.env["GEMSWEEP_DATA_DIR"];
  return resolve(dir && dir.length > 0 ? dir : join(homedir(), ".cache", "gemsweep", "data"));
}

// Folders that Debian's dataset packages install into; searched after the data directory so a
// user's own copy wins, and so `apt-get install dataset-fashion-mnist` just works.
const SYSTEM_DIRS: Record<string, string[]> = {
  "fashion-mnist": ["/usr/share/datasets/fashion-mnist"],
  mnist: ["/usr/share/datasets/mnist"],
};

/** The folders searched for one dataset, in order: <dataDir>/<name>, then system folders. */
export function datasetDirs(name: string, root?: string): string[] {
  return [join(dataDir(root), name), ...(SYSTEM_DIRS[name] ?? [])];
}

/** First existing `<dir>/<candidate>` over dirs x candidates, or undefined. */
export function findFile(dirs: readonly string[], candidates: readonly string[]): string | undefined {
  for (const dir of dirs) {
    for (const name of candidates) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}
