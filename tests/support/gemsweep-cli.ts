import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ensureCurrentCliBuild } from "../../apps/cli/build/build-cli.js";
import { printOnTestFailure, tailOf } from "./print-on-test-failure.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
/** The binary users run (`npx gemsweep`): the built bundle in apps/cli/dist, never the sources. */
export const GEMSWEEP_BIN = path.join(REPO_ROOT, "apps/cli/bin/gemsweep.js");

// The suites test what users run, so that must be what the sources say: a missing or stale build
// (sources edited since) is rebuilt once here, as scripts/setup.sh does before `npm test`.
const rebuiltBecause = await ensureCurrentCliBuild();
if (rebuiltBecause) console.log(`tests: rebuilt the CLI bundle (${rebuiltBecause})`);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `gemsweep` binary (same services as the suite: REDIS_URL / DATABASE_URL). When
 * the calling test fails, the command, its exit code, stderr and stdout are printed.
 */
export function gemsweep(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [GEMSWEEP_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    let ended = "still running";
    printOnTestFailure(
      () =>
        `--- gemsweep ${args.join(" ")} (${ended})\n--- its stderr:\n${tailOf(stderr)}\n--- its stdout:\n${tailOf(stdout)}`,
    );
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on("close", (code, signal) => {
      ended = `exit ${code ?? signal}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * A long-running `gemsweep worker` process; `ready` resolves once it has registered. When the
 * calling test fails, what the worker printed is printed.
 */
export function startWorker(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, [GEMSWEEP_BIN, "worker", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
  });
  let output = "";
  printOnTestFailure(
    () =>
      `--- gemsweep worker ${args.join(" ")} (pid ${child.pid}, ${child.exitCode !== null || child.signalCode !== null ? `exit ${child.exitCode ?? child.signalCode}` : "still running"}), its output:\n${tailOf(output)}`,
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(" ready: backend")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)),
    );
  });
  return { child, ready, output: () => output };
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
