import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "esbuild";

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const IMPORT_META_PATHS = /\bimport\.meta\.(dirname|filename)\b/;

/**
 * Why: the bundle runs from apps/cli/dist, while the workspace's TypeScript finds files next to
 * itself (packages/db its migrations, the CLI the dashboard, packages/kernels its optional
 * packages through createRequire). So the bundle takes in the workspace's TypeScript only, and
 * every file keeps its view of where it lives:
 * - npm packages and Node builtins stay imports, resolved from node_modules when they run;
 * - a JavaScript file of the repository (the generated Prisma client, whose wasm engine lies
 *   next to it) stays an import, written relative to `outdir`;
 * - `import.meta.url` in a bundled file becomes that file's own URL, computed from the chunk's
 *   URL, so the checkout can be moved after the build.
 * Every chunk must be written straight into `outdir` (no sub-folders) for the relative paths to hold.
 */
export function bundleWorkspaceSources(outdir: string): Plugin {
  const fromOutdir = (file: string) => {
    const relative = path.relative(outdir, file).split(path.sep).join("/");
    return relative.startsWith(".") ? relative : `./${relative}`;
  };
  return {
    name: "bundle-workspace-sources",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData === "resolving") return undefined;
        const bare = !args.path.startsWith(".") && !path.isAbsolute(args.path);
        if (bare && !args.path.startsWith("@gemsweep/")) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "resolving",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        const workspaceTypeScript =
          /\.tsx?$/.test(resolved.path) && !resolved.path.split(path.sep).includes("node_modules");
        if (workspaceTypeScript) return resolved;
        return { path: fromOutdir(resolved.path), external: true };
      });
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const paths = IMPORT_META_PATHS.exec(source);
        if (paths) {
          return {
            errors: [
              {
                text: `import.meta.${paths[1]} would name apps/cli/dist in the bundle; use import.meta.url (rewritten to this file's own location)`,
              },
            ],
          };
        }
        const ownUrl = `new URL(${JSON.stringify(fromOutdir(args.path))}, import.meta.url).href`;
        return {
          contents: source.replace(IMPORT_META_URL, ownUrl),
          loader: args.path.endsWith("x") ? "tsx" : "ts",
        };
      });
    },
  };
}
