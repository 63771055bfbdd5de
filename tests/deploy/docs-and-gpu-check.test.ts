// docs/scaling.md and scripts/gpu-check.sh agree with what they describe: the images, the
// commands package.json runs for the benchmarks, the lists KEDA reads.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { dockerfiles, effectiveArgv, IMAGE_DOCKERFILES, parseDockerfile, read, ROOT } from "./deploy-files.js";

const run = promisify(execFile);
const scaling = read("docs/scaling.md");
const gpuCheck = read("scripts/gpu-check.sh");
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

describe("docs/scaling.md", () => {
  it("names every image, its Dockerfile, base and backend as the Dockerfiles have them", () => {
    for (const [image, file] of Object.entries(IMAGE_DOCKERFILES)) {
      const d = parseDockerfile(file);
      const row = scaling.split("\n").find((line) => line.startsWith(`| \`${image}\` |`));
      expect(row, image).toBeDefined();
      expect(row).toContain(`\`${file}\``);
      expect(row).toContain(`\`${d.baseImage}\``);
      const argv = effectiveArgv(d.entrypoint, d.cmd);
      expect(row).toContain(argv.slice(0, 2).join(" "));
      if (argv.includes("--backend")) expect(row).toContain(`\`${argv[argv.indexOf("--backend") + 1]}\``);
    }
    expect(dockerfiles().length).toBe(Object.keys(IMAGE_DOCKERFILES).length);
  });

  it("names the lists the KEDA ScaledObjects read", () => {
    const keda = read("docker/k8s/keda-scaledobjects.yaml");
    for (const list of new Set([...keda.matchAll(/listName: (\S+)/g)].map((m) => m[1]!))) expect(scaling).toContain(`\`${list}\``);
  });

  it("records no GPU figure that was not measured: every result row is either pending or has a source", () => {
    const table = scaling.slice(scaling.indexOf("### Results"));
    const rows = table.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| what") && !line.startsWith("| ---"));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    // a measured row must say where it came from (a gpu-check run: date + commit), e.g. "(gpu-check 2026-12-01, abc1234)"
    for (const row of rows) expect(row, row).toMatch(/not (measured|run) (yet|\(no GPU host\))|\(gpu-check \d{4}-\d{2}-\d{2}, [0-9a-f]{7,}\)/);
  });
});

describe("scripts/gpu-check.sh", () => {
  it("is valid bash", async () => {
    await run("bash", ["-n", path.join(ROOT, "scripts/gpu-check.sh")]);
  });

  it("runs what `npm run bench:kernels` and `npm run bench:train` run, and the kernel suites", () => {
    for (const name of ["bench:kernels", "bench:train"]) {
      const m = /^tsx (\S+)$/.exec(scripts[name] ?? "");
      expect(m, `${name}: ${scripts[name]}`).not.toBeNull();
      expect(gpuCheck).toMatch(new RegExp(`npm_run ${m![1]!.replace(/[.]/g, "\\.")}\\b`));
    }
    // the MLP, the CNN and ResNet-20 on webgpu, each against PyTorch on the same device in the same run
    expect(gpuCheck).toMatch(/^train_models="fashion-mnist-mlp fashion-mnist-cnn cifar10-resnet20"$/m);
    expect(gpuCheck).toContain('npm_run packages/trainer/bench/bench-train.ts --benchmark "$benchmark" --backend webgpu --synthetic');
    expect(gpuCheck).toContain('--reference --referenceDevice "$TORCH_DEVICE"');
    expect(gpuCheck).toMatch(/vitest\.mjs run --project unit packages\/kernels/);
    // the kernel suites add webgpu only when an adapter exists: the script checks that first
    expect(read("packages/kernels/test/backends.ts")).toMatch(/webgpu/);
    expect(gpuCheck.indexOf("step webgpu-adapter")).toBeLessThan(gpuCheck.indexOf("step kernel-tests"));
  });

  it("installs the `webgpu` version package.json declares (as setup.sh and the WebGPU image do), and writes everything under $OUT", () => {
    const declared = (JSON.parse(read("package.json")) as { optionalDependencies: Record<string, string> }).optionalDependencies["webgpu"]!;
    expect(declared, "an exact version: the scripts pin the same one").toMatch(/^\d+\.\d+\.\d+$/);
    expect(gpuCheck).toContain(`WEBGPU_VERSION=${declared}`);
    expect(read("scripts/setup.sh")).toContain(`WEBGPU_VERSION=${declared}`);
    expect(read("docker/Dockerfile.worker-webgpu")).toContain("require(\"./package.json\").optionalDependencies.webgpu");
    expect(gpuCheck).toMatch(/OUT=\$\{OUT:-/);
    expect(gpuCheck).toContain('"$@" >"$OUT/$name.txt" 2>&1');
  });

  it("says how to run it in docs/scaling.md", () => {
    expect(scaling).toContain("bash scripts/gpu-check.sh --prepare");
    expect(scaling).toMatch(/OUT=\S+ bash scripts\/gpu-check\.sh/);
  });
});
