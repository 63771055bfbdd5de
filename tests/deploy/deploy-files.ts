// Shared helpers of the deploy checks: where the files are, YAML loading, compose-style variable
// interpolation, Dockerfile parsing, and the commands images / compose / Kubernetes may run.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DOCKER_DIR = path.join(ROOT, "docker");
export const K8S_DIR = path.join(DOCKER_DIR, "k8s");

/**
 * The deploy checks' dev dependencies (ajv 8, kubernetes-models, the compose-spec schema) belong to
 * the CLI workspace; resolve them from there (the root node_modules holds an older ajv).
 */
export const cliRequire = createRequire(path.join(ROOT, "apps/cli/package.json"));

export const read = (...parts: string[]): string => readFileSync(path.join(ROOT, ...parts), "utf8");

/** Every YAML document of a file, failing on any parse error or warning. */
export function loadYamlDocuments(file: string): unknown[] {
  const docs = parseAllDocuments(readFileSync(file, "utf8"), { prettyErrors: true, merge: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: unknown[] = [];
  for (const doc of list) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${path.relative(ROOT, file)}: ${problems.map((p) => p.message).join("; ")}`);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function loadYaml(file: string): unknown {
  const docs = loadYamlDocuments(file);
  if (docs.length !== 1) throw new Error(`${path.relative(ROOT, file)}: expected one YAML document, found ${docs.length}`);
  return docs[0];
}

export const k8sFiles = (): string[] =>
  readdirSync(K8S_DIR)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();

export const composeFiles = (): string[] =>
  readdirSync(DOCKER_DIR)
    .filter((name) => /^compose.*\.ya?ml$/.test(name))
    .sort();

export const dockerfiles = (): string[] =>
  readdirSync(DOCKER_DIR)
    .filter((name) => name.startsWith("Dockerfile."))
    .sort();

// ---- compose variable interpolation ---------------------------------------------------------

export type VariableUse = { name: string; operator: string };

/**
 * Interpolates `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}`,
 * `${NAME?error}`, `${NAME:+alt}`, `${NAME+alt}` as Compose does, defaults nesting further
 * `${...}`. Throws on a required variable that is missing; records every variable it meets.
 */
export function interpolate(text: string, env: Record<string, string | undefined>, uses: VariableUse[] = []): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== "$") {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      // find the matching close brace (defaults may nest ${...})
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === "$" && text[j + 1] === "{") {
          depth += 1;
          j += 2;
          continue;
        }
        if (text[j] === "}") depth -= 1;
        j += 1;
      }
      if (depth !== 0) throw new Error(`unterminated \${ in ${JSON.stringify(text)}`);
      const body = text.slice(i + 2, j - 1);
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
      if (!match) throw new Error(`invalid interpolation \${${body}}`);
      const [, name, operator = "", arg = ""] = match;
      uses.push({ name: name!, operator });
      const value = env[name!];
      const unsetOrEmpty = value === undefined || value === "";
      const unset = value === undefined;
      switch (operator) {
        case "":
          out += value ?? "";
          break;
        case ":-":
          out += unsetOrEmpty ? interpolate(arg, env, uses) : value;
          break;
        case "-":
          out += unset ? interpolate(arg, env, uses) : value;
          break;
        case ":?":
        case "?":
          if (operator === ":?" ? unsetOrEmpty : unset) throw new Error(`required variable ${name} is missing: ${arg}`);
          out += value;
          break;
        case ":+":
          out += unsetOrEmpty ? "" : interpolate(arg, env, uses);
          break;
        case "+":
          out += unset ? "" : interpolate(arg, env, uses);
          break;
      }
      i = j;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (bare) {
      uses.push({ name: bare[0], operator: "" });
      out += env[bare[0]] ?? "";
      i += 1 + bare[0].length;
      continue;
    }
    throw new Error(`a lone $ in ${JSON.stringify(text)} (write $$ for a literal dollar)`);
  }
  return out;
}

/** Interpolates every string (values, not keys) in a parsed YAML tree. */
export function interpolateTree(node: unknown, env: Record<string, string | undefined>, uses: VariableUse[] = []): unknown {
  if (typeof node === "string") return interpolate(node, env, uses);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env, uses));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, uses)]));
  }
  return node;
}

// ---- Dockerfiles ----------------------------------------------------------------------------

export type Instruction = { keyword: string; args: string; line: number };
/** One build stage: `FROM base [AS name]` and its instructions. */
export type Stage = { name: string | undefined; base: string; instructions: Instruction[] };
export type Dockerfile = {
  name: string;
  instructions: Instruction[];
  /** Every stage in order; the last one is the image. */
  stages: Stage[];
  /** The final stage's base image (ARGs declared before the first FROM are substituted). */
  baseImage: string;
  entrypoint: string[];
  cmd: string[];
  user: string | undefined;
  env: Record<string, string>;
};

/** Joins continuation lines, drops comments, splits into instructions. */
export function parseDockerfile(name: string): Dockerfile {
  const lines = read("docker", name).split("\n");
  const instructions: Instruction[] = [];
  let current: { text: string; line: number } | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (current === undefined && (line.trim() === "" || line.trim().startsWith("#"))) return;
    if (current !== undefined && line.trim().startsWith("#")) return;
    const continued = line.endsWith("\\");
    const text = continued ? line.slice(0, -1) : line;
    current = current ? { text: `${current.text} ${text.trim()}`, line: current.line } : { text: text.trim(), line: index + 1 };
    if (!continued) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(current.text)!;
      instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: current.line });
      current = undefined;
    }
  });

  const globalArgs: Record<string, string> = {};
  let seenFrom = false;
  let baseImage = "";
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  let user: string | undefined;
  let env: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "ARG" && !seenFrom) {
      const [key, value = ""] = ins.args.split("=", 2) as [string, string?];
      globalArgs[key.trim()] = value.trim();
    }
    if (ins.keyword === "FROM") {
      seenFrom = true;
      // a new stage resets what the final image gets
      baseImage = ins.args.split(/\s+/)[0]!.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, key: string) => globalArgs[key] ?? "");
      stages.push({ name: /\s+AS\s+(\S+)/i.exec(ins.args)?.[1], base: baseImage, instructions: [] });
      entrypoint = [];
      cmd = [];
      user = undefined;
      env = {};
    }
    if (ins.keyword !== "FROM") stages.at(-1)?.instructions.push(ins);
    if (ins.keyword === "ENTRYPOINT") entrypoint = execForm(name, ins);
    if (ins.keyword === "CMD") cmd = execForm(name, ins);
    if (ins.keyword === "USER") user = ins.args;
    if (ins.keyword === "ENV") {
      for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, "");
    }
  }
  return { name, instructions, stages, baseImage, entrypoint, cmd, user, env };
}

function execForm(file: string, ins: Instruction): string[] {
  // exec (JSON) form only: the shell form would make /bin/sh PID 1 and swallow SIGTERM
  let parsed: unknown;
  try {
    parsed = JSON.parse(ins.args);
  } catch {
    throw new Error(`${file}:${ins.line}: ${ins.keyword} must use the exec form ["..."], got ${ins.args}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) {
    throw new Error(`${file}:${ins.line}: ${ins.keyword} must be a JSON array of strings`);
  }
  return parsed;
}

// ---- the commands a container may run --------------------------------------------------------

/**
 * The documented entry points (docs/scaling.md): nothing else may run. The dashboard image runs
 * Next's standalone server and the migrator its build bundles (apps/dashboard/tools/bundle-migrator.ts).
 */
export const DOCUMENTED_COMMANDS = [
  ["gemsweep", "worker"],
  ["node", "apps/dashboard/server.js"],
  ["node", "apps/dashboard/migrate-database.mjs"],
] as const;

/** The argv a container runs, as Docker does: entrypoint + cmd, `tini --` (an init) removed. */
export function effectiveArgv(entrypoint: readonly string[], cmd: readonly string[]): string[] {
  const argv = [...entrypoint, ...cmd];
  if (argv[0] === "tini" || argv[0] === "/usr/bin/tini") return argv[1] === "--" ? argv.slice(2) : argv.slice(1);
  return argv;
}

/** Which documented command an argv runs, or undefined. */
export function documentedCommand(argv: readonly string[]): string | undefined {
  const hit = DOCUMENTED_COMMANDS.find((command) => command.every((part, index) => argv[index] === part));
  return hit?.join(" ");
}

/** Images this repository builds, by name, and the Dockerfile each comes from. */
export const IMAGE_DOCKERFILES: Record<string, string> = {
  "gemsweep/dashboard": "Dockerfile.dashboard",
  "gemsweep/worker": "Dockerfile.worker",
  "gemsweep/worker-gpu": "Dockerfile.worker-gpu",
  "gemsweep/worker-webgpu": "Dockerfile.worker-webgpu",
};

export const imageName = (image: string): string => image.replace(/@sha256:.*$/, "").replace(/:[^:/]+$/, "");

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
