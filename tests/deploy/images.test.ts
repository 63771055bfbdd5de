// The images (docker/Dockerfile.*) and what every container runs: each image's ENTRYPOINT + CMD,
// each compose service and each Kubernetes container (with their overrides) must be one of the
// documented commands (`gemsweep worker`, the dashboard's standalone server and its bundled
// migrator), the CLI must really have those subcommands and options, and every image is built in
// stages so that its final stage holds production files only.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  DOCKER_DIR,
  documentedCommand,
  dockerfiles,
  effectiveArgv,
  IMAGE_DOCKERFILES,
  imageName,
  interpolateTree,
  K8S_DIR,
  k8sFiles,
  loadYaml,
  loadYamlDocuments,
  parseDockerfile,
  read,
  ROOT,
} from "./deploy-files.js";

const run = promisify(execFile);

type Runs = { where: string; image: string; argv: string[] };

/** Every container this repository defines, with the argv it runs (Docker's override rules). */
function everythingThatRuns(): Runs[] {
  const out: Runs[] = [];
  for (const [name, file] of Object.entries(IMAGE_DOCKERFILES)) {
    const d = parseDockerfile(file);
    out.push({ where: `image ${name}`, image: name, argv: effectiveArgv(d.entrypoint, d.cmd) });
  }
  // compose: `entrypoint` replaces ENTRYPOINT and drops the image's CMD; `command` replaces CMD
  const compose = interpolateTree(loadYaml(path.join(DOCKER_DIR, "compose.yaml")), { GEMSWEEP_API_TOKEN: "t" }) as {
    services: Record<string, { image: string; entrypoint?: string[]; command?: string[] }>;
  };
  for (const [name, service] of Object.entries(compose.services)) {
    const file = IMAGE_DOCKERFILES[imageName(service.image)];
    if (!file) continue; // redis, postgres: upstream images
    const d = parseDockerfile(file);
    const entrypoint = service.entrypoint ?? d.entrypoint;
    const cmd = service.command ?? (service.entrypoint ? [] : d.cmd);
    out.push({ where: `compose service ${name}`, image: imageName(service.image), argv: effectiveArgv(entrypoint, cmd) });
  }
  // Kubernetes: `command` replaces ENTRYPOINT (and drops CMD), `args` replaces CMD
  for (const file of k8sFiles().filter((f) => f !== "kustomization.yaml")) {
    for (const doc of loadYamlDocuments(path.join(K8S_DIR, file)) as Array<{ kind: string; metadata: { name: string }; spec?: any }>) { // eslint-disable-line @typescript-eslint/no-explicit-any
      const pod = doc.spec?.template?.spec;
      if (!pod) continue;
      for (const c of pod.containers as Array<{ name: string; image: string; command?: string[]; args?: string[] }>) {
        const dockerfile = IMAGE_DOCKERFILES[imageName(c.image)];
        if (!dockerfile) continue;
        const d = parseDockerfile(dockerfile);
        const entrypoint = c.command ?? d.entrypoint;
        const cmd = c.args ?? (c.command ? [] : d.cmd);
        out.push({ where: `k8s ${doc.kind}/${doc.metadata.name} container ${c.name}`, image: imageName(c.image), argv: effectiveArgv(entrypoint, cmd) });
      }
    }
  }
  return out;
}

const runs = everythingThatRuns();
const IMAGE_DOCKERFILES_OF_WORKERS = ["Dockerfile.worker", "Dockerfile.worker-gpu", "Dockerfile.worker-webgpu"];

describe("Dockerfiles", () => {
  it("there is one per image, and each image name maps to a Dockerfile", () => {
    expect(dockerfiles()).toEqual(Object.values(IMAGE_DOCKERFILES).sort());
  });

  it.each(dockerfiles())("%s: exec-form entrypoint under tini, non-root user", (file) => {
    const d = parseDockerfile(file);
    expect(d.entrypoint.slice(0, 2)).toEqual(["tini", "--"]);
    expect(d.user).toBe("node");
    const final = d.stages.at(-1)!.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(final.some((r) => /apt-get install[^&]*\btini\b/.test(r)), "tini installed in the final stage").toBe(true);
  });

  it.each(dockerfiles())("%s: multi-stage; the final stage installs no npm package and copies only from a named stage", (file) => {
    const d = parseDockerfile(file);
    const named = d.stages.map((st) => st.name).filter(Boolean);
    expect(d.stages.length, "stages").toBeGreaterThanOrEqual(2);
    const final = d.stages.at(-1)!;
    expect(final.name, "the image is the last, unnamed stage").toBeUndefined();
    const runs = final.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.filter((r) => /\bnpm (ci|install|i)\b|\bnpx\b/.test(r)), "no npm in the final stage").toEqual([]);
    const copies = final.instructions.filter((i) => i.keyword === "COPY");
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      expect(from, `${copy.args}: from a stage, never the build context`).toBeDefined();
      expect(named, copy.args).toContain(from);
    }
    // the stage that installs: npm ci and the Prisma client
    const installs = d.stages.slice(0, -1).flatMap((st) => st.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args));
    expect(installs.some((r) => /\bnpm ci\b/.test(r)), "npm ci").toBe(true);
    expect(installs.some((r) => r.includes("bash scripts/prisma.sh generate")), "prisma generate").toBe(true);
  });

  it.each(IMAGE_DOCKERFILES_OF_WORKERS)("%s: production dependencies of the CLI workspace only, gemsweep on PATH", (file) => {
    const d = parseDockerfile(file);
    const installs = d.stages.slice(0, -1).flatMap((st) => st.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args)).join("\n");
    expect(installs).toMatch(/npm ci --omit=dev --workspace @gemsweep\/cli\b/);
    expect(installs, "a worker image carries no dashboard").toMatch(/rm -rf apps\/dashboard/);
    expect(installs.match(/npm install [^\n]*/g) ?? [], "later installs stay production-only").toSatisfy((lines: string[]) => lines.every((l) => l.includes("--omit=dev") && l.includes("--no-save")));
    const finalCopies = d.stages.at(-1)!.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(finalCopies).toContain("--from=deps /app /app");
    // the CLI bundle gemsweep runs, built in its own stage (rolldown is a dev tool): only apps/cli/dist moves on
    expect(finalCopies).toContain("--from=cli /app/apps/cli/dist /app/apps/cli/dist");
    const cliStage = d.stages.find((st) => st.name === "cli");
    expect(cliStage?.instructions.some((i) => i.keyword === "RUN" && i.args.includes("npm run build:cli")), "npm run build:cli in the cli stage").toBe(true);
    // the gemsweep binary npm ci links into node_modules/.bin must be on PATH
    expect(d.env["PATH"]).toMatch(/^\/app\/node_modules\/\.bin:/);
    expect(d.entrypoint).toEqual(["tini", "--", "gemsweep"]);
  });

  it("the dashboard image runs Next's standalone output: the traced server, its static assets and the migrator, nothing else", () => {
    const d = parseDockerfile("Dockerfile.dashboard");
    expect(read("apps/dashboard/next.config.ts")).toMatch(/^\s*output: "standalone",$/m);
    const copies = d.stages.at(-1)!.instructions.filter((i) => i.keyword === "COPY").map((i) => i.args);
    expect(copies).toEqual(["--from=build /app/apps/dashboard/.next/standalone ./", "--from=build /app/apps/dashboard/.next/static ./apps/dashboard/.next/static"]);
    // built in /app, run from /app: the server requires the generated Prisma client by that absolute path
    for (const stage of d.stages) expect(stage.instructions.filter((i) => i.keyword === "WORKDIR").map((i) => i.args)).toEqual(["/app"]);
    expect(effectiveArgv(d.entrypoint, d.cmd)).toEqual(["node", "apps/dashboard/server.js"]);
    expect(d.env).toMatchObject({ HOSTNAME: "0.0.0.0", PORT: "3000", NODE_ENV: "production" });
    // the build script makes both the standalone server and the migrator bundle
    expect((JSON.parse(read("apps/dashboard/package.json")) as { scripts: Record<string, string> }).scripts["build"]).toMatch(/next build .*&& tsx tools\/bundle-migrator\.ts$/);
  });

  it("the CPU images are node:20-bookworm-slim", () => {
    for (const file of ["Dockerfile.dashboard", "Dockerfile.worker", "Dockerfile.worker-webgpu"]) {
      expect(parseDockerfile(file).baseImage, file).toBe("node:20-bookworm-slim");
    }
  });

  it("the CUDA image pins CUDA 11.8 + cuDNN 8 on Ubuntu 22.04 and tfjs-node-gpu at the project's tfjs version", () => {
    const d = parseDockerfile("Dockerfile.worker-gpu");
    expect(d.baseImage).toBe("nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04");
    const tfjs = (JSON.parse(read("packages/kernels/package.json")) as { dependencies: Record<string, string> }).dependencies["@tensorflow/tfjs"]!;
    const [major, minor] = tfjs.replace(/^[\^~]/, "").split(".");
    const install = /@tensorflow\/tfjs-node-gpu@(\d+)\.(\d+)\.(\d+)/.exec(read("docker/Dockerfile.worker-gpu"));
    expect(install, "tfjs-node-gpu installed at a pinned version").not.toBeNull();
    expect(`${install![1]}.${install![2]}`).toBe(`${major}.${minor}`);
    expect(d.env["TF_FORCE_GPU_ALLOW_GROWTH"]).toBe("true");
    // Node 20 comes from the official image, same major as the others
    expect(read("docker/Dockerfile.worker-gpu")).toMatch(/ARG NODE_IMAGE=node:20-bookworm-slim/);
  });

  it("the WebGPU image has the Vulkan loader, the GL/X client libraries and the npm webgpu package", () => {
    const d = parseDockerfile("Dockerfile.worker-webgpu");
    const apt = d.instructions.filter((i) => i.keyword === "RUN" && i.args.includes("apt-get install")).map((i) => i.args).join(" ");
    // the list docs/ENVIRONMENT: without these the NVIDIA Vulkan driver cannot create an instance
    for (const lib of ["libvulkan1", "libegl1", "libglvnd0", "libopengl0", "libgl1", "libglx0", "libgles2", "libx11-6", "libxext6", "libxcb1", "libxau6", "libxdmcp6", "libbsd0", "libmd0"]) {
      expect(apt, lib).toMatch(new RegExp(`(^|\\s)${lib}(\\s|$)`));
    }
    // Dawn at the version the root package.json declares as its optional dependency
    expect(read("docker/Dockerfile.worker-webgpu")).toContain(`"webgpu@$(node -p 'require("./package.json").optionalDependencies.webgpu')"`);
    expect(d.env["NVIDIA_DRIVER_CAPABILITIES"]).toBe("compute,utility,graphics");
  });

  it("each worker image runs the backend it is built for", () => {
    const backend = (file: string) => {
      const argv = effectiveArgv(parseDockerfile(file).entrypoint, parseDockerfile(file).cmd);
      return argv[argv.indexOf("--backend") + 1];
    };
    expect(backend("Dockerfile.worker")).toBe("wasm");
    expect(backend("Dockerfile.worker-gpu")).toBe("tensorflow");
    expect(backend("Dockerfile.worker-webgpu")).toBe("webgpu");
  });

  it("the dashboard image builds the Next.js app with the dashboard workspace's build script", () => {
    const pkg = JSON.parse(read("apps/dashboard/package.json")) as { name: string; scripts: Record<string, string> };
    expect(pkg.scripts["build"]).toBeDefined();
    expect(read("docker/Dockerfile.dashboard")).toContain(`npm run build -w ${pkg.name}`);
    // swagger-ui-react's install script must not phone home: off for every npm ci, and in the build
    expect((JSON.parse(read("package.json")) as { scarfSettings?: { enabled: boolean } }).scarfSettings).toEqual({ enabled: false });
  });

  it(".dockerignore keeps local state and build output out of the context", () => {
    const lines = read(".dockerignore").split("\n").map((l) => l.trim());
    for (const entry of [".git", "**/node_modules", "**/.next", ".gemsweep", "**/.turbo"]) expect(lines, entry).toContain(entry);
  });
});

describe("what the containers run", () => {
  it("covers every image, compose service and Kubernetes workload built here", () => {
    expect(runs.filter((r) => r.where.startsWith("compose")).map((r) => r.where).sort()).toEqual(
      ["dashboard", "migrate", "worker", "worker-gpu", "worker-webgpu"].map((s) => `compose service ${s}`),
    );
    expect(runs.filter((r) => r.where.startsWith("k8s")).length).toBe(4); // migrate job, dashboard, 2 workers
  });

  it.each(runs.map((r) => [r.where, r] as const))("%s runs a documented command", (_, r) => {
    expect(documentedCommand(r.argv), r.argv.join(" ")).toBeDefined();
    // workers run from worker images, the dashboard and the migration from the dashboard image
    const command = documentedCommand(r.argv)!;
    if (command === "gemsweep worker") expect(r.image).toMatch(/^gemsweep\/worker/);
    else expect(r.image).toBe("gemsweep/dashboard");
    // the standalone server and the migrator take no arguments (the server reads HOSTNAME and PORT)
    if (command !== "gemsweep worker") expect(r.argv).toEqual(command.split(" "));
  });

  it("the documented commands exist: the files the dashboard build makes, and the CLI's worker subcommand with the options used", async () => {
    // apps/dashboard/test/standalone-server.pg.test.ts runs both files the dashboard build makes
    expect(read("apps/dashboard/tools/bundle-migrator.ts")).toContain('path.join(STANDALONE_APP_DIR, "migrate-database.mjs")');
    expect(read("apps/dashboard/test/standalone-server.pg.test.ts")).toContain('path.join(STANDALONE_APP_DIR, "server.js")');

    const used = new Map<string, Set<string>>(); // subcommand -> options used anywhere
    const backends = new Set<string>();
    for (const r of runs) {
      if (r.argv[0] !== "gemsweep") continue;
      const options = used.get(r.argv[1]!) ?? new Set<string>();
      r.argv.slice(2).forEach((arg, i, rest) => {
        if (arg.startsWith("--")) options.add(arg);
        if (arg === "--backend") backends.add(rest[i + 1]!);
      });
      used.set(r.argv[1]!, options);
    }
    expect([...used.keys()].sort()).toEqual(["worker"]);
    const bin = path.join(ROOT, "apps/cli/bin/gemsweep.js");
    const helps = await Promise.all(
      [...used.keys()].map(async (sub) => {
        // `gemsweep <unknown> --help` prints the top-level help (exit 0): checked by its Usage line
        const { stdout } = await run(process.execPath, [bin, sub, "--help"], { cwd: ROOT, timeout: 50_000 });
        return [sub, stdout] as const;
      }),
    );
    // The contract's options for the subcommands (docs/architecture.md, `gemsweep dashboard [--port P] [--host H]`): the fallback for one that has not
    // landed in the CLI yet (`gemsweep dashboard` was being built alongside these files).
    const contract: Record<string, string[]> = { worker: ["--concurrency", "--backend"], dashboard: ["--port", "--host"] };
    for (const [sub, help] of helps) {
      const landed = help.includes(`Usage: gemsweep ${sub}`);
      if (sub === "worker") expect(landed, "gemsweep worker exists").toBe(true);
      for (const option of used.get(sub)!) {
        if (landed) expect(help, `gemsweep ${sub} ${option}`).toMatch(new RegExp(`${option}\\b`));
        else expect(contract[sub], `gemsweep ${sub} ${option} (not in the CLI yet: checked against the contract)`).toContain(option);
      }
    }
    const workerHelp = helps.find(([sub]) => sub === "worker")![1].replace(/\s+/g, " ");
    for (const backend of backends) expect(workerHelp, backend).toMatch(new RegExp(`\\b${backend}\\b`));
  }, 60_000);
});
