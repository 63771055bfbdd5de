// Why: the soak's workers are real `gemsweep worker` processes, each reaching Redis and
// PostgreSQL through proxies of its own, so one can be killed, drained or cut off alone.
import { spawn, type ChildProcess } from "node:child_process";
import type { WriteStream } from "node:fs";
import path from "node:path";
import { PartitionProxy } from "./partition-proxy.js";

const GEMSWEEP_BIN = path.resolve(import.meta.dirname, "../../apps/cli/bin/gemsweep.js");

export interface SoakWorker {
  id: string;
  child: ChildProcess;
  redisProxy: PartitionProxy;
  postgresProxy: PartitionProxy;
  /** resolves once the worker printed that it is ready; rejects if it exits first */
  ready: Promise<void>;
  isReady: boolean;
  /** killed, drained or cut off on purpose: not a victim for another fault now */
  busy: boolean;
  /** set when the soak ended the process on purpose (SIGKILL, SIGTERM) */
  endedOnPurpose: boolean;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface FleetSettings {
  redisUrl: string;
  databaseUrl: string;
  queue: string;
  concurrency: number;
  checkpointDir: string;
  /** every worker's output, each line prefixed with its id */
  log: WriteStream;
}

/** The workers of one soak: started, killed, drained and replaced; unexpected exits are counted. */
export class SoakFleet {
  readonly workers: SoakWorker[] = [];
  /** workers that exited without being told to: each is a crash the soak reports */
  readonly crashes: string[] = [];
  private counter = 0;

  constructor(private readonly settings: FleetSettings) {}

  /** Workers that are up and not the target of a fault in progress. */
  candidates(): SoakWorker[] {
    return this.workers.filter((w) => w.isReady && !w.busy && w.child.exitCode === null && w.child.signalCode === null);
  }

  running(): SoakWorker[] {
    return this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  }

  async start(): Promise<SoakWorker> {
    const { settings } = this;
    const id = `soak-${String(++this.counter).padStart(3, "0")}`;
    const redisProxy = await PartitionProxy.open(hostPort(settings.redisUrl));
    const postgresProxy = await PartitionProxy.open(hostPort(settings.databaseUrl));
    const child = spawn(process.execPath, [GEMSWEEP_BIN, "worker", "--backend", "cpu", "--concurrency", String(settings.concurrency)], {
      env: {
        ...process.env,
        REDIS_URL: redisProxy.urlThrough(settings.redisUrl),
        DATABASE_URL: postgresProxy.urlThrough(settings.databaseUrl),
        GEMSWEEP_QUEUE: settings.queue,
        GEMSWEEP_WORKER_ID: id,
        GEMSWEEP_CHECKPOINT_DIR: settings.checkpointDir,
        GEMSWEEP_DOWNLOAD: "0", // the soak never downloads: a missing dataset fails its trials
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const worker: SoakWorker = { id, child, redisProxy, postgresProxy, ready: Promise.resolve(), isReady: false, busy: false, endedOnPurpose: false, exit };
    worker.ready = new Promise<void>((resolve, reject) => {
      let pending = "";
      const onData = (data: Buffer) => {
        pending += data.toString();
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!settings.log.writableEnded) settings.log.write(`${new Date().toISOString()} [${id}] ${line}\n`);
          if (!worker.isReady && line.includes(" ready: backend")) {
            worker.isReady = true;
            resolve();
          }
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      void exit.then(({ code, signal }) => {
        if (!settings.log.writableEnded) settings.log.write(`${new Date().toISOString()} [${id}] exited (code ${code}, signal ${signal})\n`);
        if (!worker.endedOnPurpose) this.crashes.push(`${id} exited by itself (code ${code}, signal ${signal})`);
        void redisProxy.close();
        void postgresProxy.close();
        reject(new Error(`worker ${id} exited before it was ready`));
      });
    });
    worker.ready.catch(() => undefined);
    this.workers.push(worker);
    return worker;
  }

  kill(worker: SoakWorker): Promise<unknown> {
    worker.busy = true;
    worker.endedOnPurpose = true;
    worker.child.kill("SIGKILL");
    return worker.exit;
  }

  /** SIGTERM: the worker drains and exits by itself; SIGKILL after `timeoutMs`. */
  async drain(worker: SoakWorker, timeoutMs = 90_000): Promise<{ code: number | null; ms: number }> {
    worker.busy = true;
    worker.endedOnPurpose = true;
    const started = Date.now();
    worker.child.kill("SIGTERM");
    const timer = setTimeout(() => worker.child.kill("SIGKILL"), timeoutMs);
    const { code } = await worker.exit;
    clearTimeout(timer);
    return { code, ms: Date.now() - started };
  }

  /** Drains every worker still running (SIGKILL after 60 s). */
  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((w) => this.drain(w, 60_000)));
  }

  /** Last resort (the soak process is exiting): SIGKILL whatever still runs. */
  killAll(): void {
    for (const w of this.running()) {
      w.endedOnPurpose = true;
      w.child.kill("SIGKILL");
    }
  }
}

function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
