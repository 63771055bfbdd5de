import os from "node:os";
import { Worker } from "bullmq";
import { loadBackend } from "@gemsweep/kernels";
import { GemSweepStorage, redisConnection, TrialQueue, type Orchestrator } from "@gemsweep/db";
import { DatabaseOutageGate } from "./database-outage-gate.js";
import { LiveEvents } from "./live-events.js";
import { runtimeRecord } from "./runtime-record.js";
import { processTrialJob } from "./trial-processor.js";
import { TrialPruning } from "./trial-pruning.js";
import {
  workerSettingsSchema,
  type WorkerSettings,
  type WorkerSettingsInput,
} from "./worker-settings.js";

/** How long a drain waits for the BullMQ worker's connections to be set up before closing it. */
const CLOSE_WAITS_FOR_READY_MS = 2000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * One worker process: registers itself, heartbeats, trains trial jobs from the queue, reaps
 * attempts of dead workers, and drains on SIGTERM (or when the dashboard asks): running trials
 * stop at a checkpoint and their jobs go back to the queue for another worker.
 */
export class GemSweepWorker {
  readonly settings: WorkerSettings;
  private storage!: GemSweepStorage;
  private bull?: Worker;
  private events!: LiveEvents;
  private requeue!: TrialQueue;
  /** the reaper this worker runs at each heartbeat (Orchestrator.reap) */
  private orchestrator!: Orchestrator;
  private heartbeat?: NodeJS.Timeout;
  /** a heartbeat still waiting for the database: the next one is skipped, not stacked behind it */
  private beating = false;
  private gate!: DatabaseOutageGate;
  private draining = false;
  private readonly running = new Set<string>();
  backend = "";
  device = "";

  constructor(input: WorkerSettingsInput) {
    this.settings = workerSettingsSchema.parse(input);
  }

  async start(): Promise<void> {
    const { settings } = this;
    const loaded = await loadBackend(settings.backend);
    this.backend = loaded.backend;
    this.device = loaded.device;
    // One line saying what this process trains on: `auto` may have picked anything.
    console.log(`worker ${settings.workerId}: backend ${loaded.backend} on ${loaded.device} (asked for --backend ${settings.backend})`);
    this.storage = GemSweepStorage.open(settings.databaseUrl, {
      max: settings.dbPoolSize,
      queryTimeoutMs: settings.dbQueryTimeoutMs,
      connectTimeoutMs: settings.dbConnectTimeoutMs,
    });
    this.gate = new DatabaseOutageGate(
      () => this.bull,
      () => this.storage.ping(),
      (line) => console.error(`worker ${settings.workerId}: ${line}`),
      () => this.draining,
    );
    this.events = new LiveEvents(settings.redisUrl);
    this.requeue = new TrialQueue(settings.redisUrl, settings.queue);
    this.orchestrator = this.storage.orchestrator(this.requeue);
    try {
      await this.storage.workers.register({
        id: settings.workerId,
        host: os.hostname(),
        pid: process.pid,
        backend: this.backend,
        device: this.device,
        concurrency: settings.concurrency,
      });
    } catch (error) {
      // nothing started yet: release the connections, so a caller may try again (the database was down)
      await this.requeue.close().catch(() => undefined);
      await this.events.close();
      await this.storage.close();
      throw error;
    }
    this.events.publish({ type: "worker", workerId: settings.workerId, status: "ACTIVE" });
    const ctx = {
      settings,
      trials: this.storage.trials,
      sweeps: this.storage.sweeps,
      logs: this.storage.logs,
      runtime: runtimeRecord({ workerId: settings.workerId, backend: this.backend, device: this.device }),
      pruning: new TrialPruning(this.storage),
      stages: this.orchestrator,
      events: this.events,
      running: this.running,
      draining: () => this.draining,
      databaseDown: () => this.gate.noticeOutage(),
    };
    this.bull = new Worker(settings.queue, (job, token) => processTrialJob(job, token, ctx), {
      connection: redisConnection(settings.redisUrl),
      concurrency: settings.concurrency,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: 5, // a stall is a dead worker, not a bad trial: let others pick it up
      autorun: true,
    });
    this.bull.on("error", (error) =>
      console.error(`worker ${settings.workerId}: ${error.message}`),
    );
    this.heartbeat = setInterval(() => void this.beat(), settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Heartbeat + the reaper (any live worker may reap; the transaction makes it idempotent). */
  private async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      const status = await this.storage.workers.heartbeat(
        this.settings.workerId,
        [...this.running][0] ?? null,
      );
      if (status === "DRAINING" && !this.draining) void this.stop();
      await this.orchestrator.reap(this.settings.staleAfterMs);
      await this.storage.sweeps.completeFinishedSweeps();
    } catch (error) {
      // Prisma's messages embed kilobytes of query source: the last line says what went wrong.
      const message = (error as Error).message.trim().split("\n").at(-1) ?? String(error);
      console.error(`worker ${this.settings.workerId}: heartbeat failed: ${message}`);
    } finally {
      this.beating = false;
    }
  }

  /** Drain: take no new jobs, let running trials stop at a checkpoint, hand their jobs back. */
  async stop(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.events.publish({ type: "worker", workerId: this.settings.workerId, status: "DRAINING" });
    // A BullMQ worker closed while its connections are still being set up (a SIGTERM right after
    // start) emits "Connection is closed" as an 'error' nobody listens to any more, and the process
    // exits 1 (the soak's drain found it: 1 start in 8). Let the setup finish first (bounded).
    if (this.bull) await Promise.race([this.bull.waitUntilReady().catch(() => undefined), delay(CLOSE_WAITS_FOR_READY_MS)]);
    const closing = this.bull?.close();
    const timeout = new Promise((resolve) =>
      setTimeout(resolve, this.settings.drainTimeoutMs).unref(),
    );
    await Promise.race([closing, timeout]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.gate.dispose();
    await this.storage.workers.stopped(this.settings.workerId).catch(() => undefined);
    this.events.publish({ type: "worker", workerId: this.settings.workerId, status: "STOPPED" });
    await this.requeue.close().catch(() => undefined);
    await this.events.close();
    await this.storage.close();
  }
}
