import { spawn, type ChildProcess } from "node:child_process";

/**
 * K worker processes on this machine (one process per core is what adds throughput: tfjs
 * training is single-threaded JS/wasm). They inherit the service URLs, so they never start
 * services of their own. Each is `gemsweep worker` started the way this process was started
 * (the same entry and Node flags): the built bin for users and tests, the TypeScript sources
 * under tsx for `npm run gemsweep`, never a mix of the two.
 */
export class LocalWorkers {
  private readonly children: ChildProcess[] = [];

  constructor(
    private readonly count: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly args: string[] = [],
  ) {}

  start(onLog: (line: string) => void): void {
    for (let i = 0; i < this.count; i++) {
      const entry = process.argv[1]!;
      const child = spawn(process.execPath, [...process.execArgv, entry, "worker", ...this.args], {
        env: { ...this.env, GEMSWEEP_WORKER_ID: `local-${process.pid}-${i + 1}` },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString().split("\n"))
          if (line.trim()) onLog(`[worker ${i + 1}] ${line}`);
      };
      child.stdout?.on("data", forward);
      child.stderr?.on("data", forward);
      this.children.push(child);
    }
  }

  /** SIGTERM (drain) every worker and wait for them to exit. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
  }

  /** Workers that exited on their own (a crash), for the progress display. */
  crashed(): number {
    return this.children.filter((c) => c.exitCode !== null && c.exitCode !== 0).length;
  }
}
