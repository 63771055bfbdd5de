import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "rolldown";

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const IMPORT_META_PATHS = /\bimport\.meta\.(dirname|filename)\b/;

/**
 * Why: the bundle runs from apps/cli/dist, while the workspace's TypeScript finds files next to
 * itself (packages/db its migrations, the CLI the dashboard, packages/kernels its optional
 * packages through createRequire). So the bundle takes in the workspace's TypeScript only, and
 * every file keeps its view of where it lives:
 * - npm packages and Node builtins stay imports, resolved from node_modules when they run
 *   (tfjs, Prisma and BullMQ are large, native or load files lying next to them);
 * - a JavaScript file of the repository (the generated Prisma client, whose wasm engine lies
 *   next to it) stays an import, written relative to the chunk;
 * - `import.meta.url` in a bundled file becomes that file's own URL, computed from the chunk's
 *   URL, so the checkout can be moved after the build. Every chunk is written straight into
 *   `outdir` (no sub-folders), which that computation relies on.
 */
export function bundleWorkspaceSources(outdir: string): Plugin {
  const fromOutdir = (file: string) => {
    const relative = path.relative(outdir, file).split(path.sep).join("/");
    return relative.startsWith(".") ? relative : `./${relative}`;
  };
  return {
    name: "bundle-workspace-sources",
    async resolveId(source, importer) {
      if (importer === undefined) return null; // the entry
      const packageSpecifier = !source.startsWith(".") && !path.isAbsolute(source);
      if (packageSpecifier && !source.startsWith("@gemsweep/"))
        return { id: source, external: true };
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      if (resolved.id.split(path.sep).includes("node_modules"))
        return { id: source, external: true };
      if (/\.tsx?$/.test(resolved.id)) return resolved; // the workspace's TypeScript
      return { id: resolved.id, external: "relative" };
    },
    async load(id) {
      if (!/\.tsx?$/.test(id) || id.split(path.sep).includes("node_modules")) return null;
      const source = await readFile(id, "utf8");
      const paths = IMPORT_META_PATHS.exec(source);
      if (paths) {
        this.error(
          `${id}: import.meta.${paths[1]} would name apps/cli/dist in the bundle; use import.meta.url (rewritten to this file's own location)`,
        );
      }
      const ownUrl = `new URL(${JSON.stringify(fromOutdir(id))}, import.meta.url).href`;
      return {
        code: source.replace(IMPORT_META_URL, ownUrl),
        moduleType: id.endsWith("x") ? "tsx" : "ts",
      };
    },
  };
}
