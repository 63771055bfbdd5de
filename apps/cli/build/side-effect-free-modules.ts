import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Why: a command's chunks should hold only the modules it uses, so that `gemsweep status` loads
 * neither BullMQ (reached through @gemsweep/db's index) nor @gemsweep/core's statistics. The
 * bundler may leave out an unused module only when loading it does nothing besides defining its
 * exports. That holds for these folders (pure logic, stores, services, the CLI's own code), and
 * checkSideEffectFree keeps it so: none may import a module for its effects (`import "x"`).
 * Everything else (kernels registers tfjs kernels on import) keeps every module it imports.
 */
export const SIDE_EFFECT_FREE_DIRS = [
  "packages/contracts/src",
  "packages/core/src",
  "packages/db/src",
  "packages/services/src",
  "apps/cli/src",
];

const EFFECT_IMPORT = /^\s*import\s*["']([^"']+)["']/m;

/** The bundler's `treeshake.moduleSideEffects`: false for a module of SIDE_EFFECT_FREE_DIRS. */
export function moduleSideEffectsUnder(root: string) {
  const dirs = SIDE_EFFECT_FREE_DIRS.map((dir) => path.join(root, dir) + path.sep);
  return (id: string, external: boolean): boolean =>
    external || !dirs.some((dir) => id.startsWith(dir));
}

/** Throws when a file of SIDE_EFFECT_FREE_DIRS imports a module for its effects alone. */
export function checkSideEffectFree(root: string): void {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name)) {
        const match = EFFECT_IMPORT.exec(readFileSync(file, "utf8"));
        if (match) offenders.push(`${path.relative(root, file)}: import "${match[1]}"`);
      }
    }
  };
  for (const dir of SIDE_EFFECT_FREE_DIRS) walk(path.join(root, dir));
  if (offenders.length > 0) {
    throw new Error(
      `these files import a module for its side effects, but their folder is listed in apps/cli/build/side-effect-free-modules.ts as having none (the CLI bundle would drop such imports): ${offenders.join("; ")}`,
    );
  }
}
