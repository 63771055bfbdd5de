// Why: service binaries live in different folders per platform; PATH says where, as for any tool.
import { accessSync, constants } from "node:fs";
import path from "node:path";

/** true when `file` exists and we may execute it. */
export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first executable `name` in the PATH entries, then in `fallbackDirs` (where a system
 * install puts it when a service manager's short PATH leaves that folder out).
 */
export function findExecutable(name: string, fallbackDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), ...fallbackDirs].filter(Boolean);
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}
