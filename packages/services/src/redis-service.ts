import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { redisServerBinary } from "./redis-binary.js";
import { sameFolder } from "./same-folder.js";
import type { ServiceConfig } from "./service-config.js";
import type { ServiceHealth } from "./service-health.js";
import { waitUntil } from "./wait-until.js";

/** The embedded Redis: a real redis-server, daemonized, with its data and log under stateDir/redis. */
export class RedisService {
  readonly dir: string;
  readonly url: string;
  readonly logFile: string;
  readonly pidFile: string;

  constructor(private readonly config: ServiceConfig) {
    this.dir = path.join(config.stateDir, "redis");
    this.url = `redis://127.0.0.1:${config.redisPort}`;
    this.logFile = path.join(this.dir, "redis.log");
    this.pidFile = path.join(this.dir, "redis.pid");
  }

  async start(): Promise<void> {
    const state = await redisState(this.url);
    if (state !== "down") {
      const served = await servedFolder(this.url);
      this.checkServesThisFolder(served);
      if (state === "healthy" && served) return; // idempotent: already up
      // It refuses writes or its folder vanished (the disk filled, the folder was removed), so
      // it cannot keep the queue: restart it.
      await this.shutdown("NOSAVE");
    }
    const binary = redisServerBinary();
    mkdirSync(this.dir, { recursive: true });
    // AOF on, so a restarted Redis keeps its queue (a crash mid-sweep loses no job).
    const args = [
      "--port",
      String(this.config.redisPort),
      "--bind",
      "127.0.0.1",
      "--dir",
      this.dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
      "--daemonize",
      "yes",
      "--pidfile",
      this.pidFile,
      "--logfile",
      this.logFile,
      "--maxmemory-policy",
      "noeviction", // BullMQ must never have keys evicted
    ];
    const result = spawnSync(binary, args, { encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(
        `redis-server failed to start (exit ${result.status}): ${result.stderr || result.stdout}; see ${this.logFile}`,
      );
    }
    if (!(await waitUntil(() => pingRedis(this.url), 15_000))) {
      throw new Error(
        `redis-server did not answer on ${this.url} within 15 s; see ${this.logFile}`,
      );
    }
  }

  async stop(): Promise<void> {
    if ((await redisState(this.url)) !== "down")
      this.checkServesThisFolder(await servedFolder(this.url));
    await this.shutdown();
  }

  /**
   * A Redis answering on our port must keep its data in this state folder: another clone's (or
   * another GEMSWEEP_STATE_DIR's) queue on the same port would otherwise be shared, or stopped.
   * `served` "" (its folder vanished, or it would not say) counts as ours.
   */
  private checkServesThisFolder(served: string): void {
    if (!served || sameFolder(served, this.dir)) return;
    throw new Error(
      `port ${this.config.redisPort} is served by the Redis of ${served}, not by this state folder's ` +
        `(${this.dir}): stop that one (GEMSWEEP_STATE_DIR=${path.dirname(served)} gemsweep services down) ` +
        `or give this one another port (GEMSWEEP_REDIS_PORT)`,
    );
  }

  /** SHUTDOWN, then wait for the process itself to exit, so its port is free for a new server. */
  private async shutdown(mode?: "NOSAVE"): Promise<void> {
    if ((await redisState(this.url)) === "down") return; // (a broken Redis refuses even PING)
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => undefined);
    let pid: number | undefined;
    try {
      await client.connect();
      pid = Number(/process_id:(\d+)/.exec(await client.info("server"))?.[1]) || undefined;
      // the connection drops as Redis exits
      // FORCE: a Redis that cannot write its files would otherwise refuse to exit
      await (mode ? client.call("SHUTDOWN", mode, "FORCE") : client.call("SHUTDOWN")).catch(
        () => undefined,
      );
    } finally {
      client.disconnect();
    }
    await waitUntil(
      async () => (pid ? !processAlive(pid) : (await redisState(this.url)) === "down"),
      10_000,
    );
  }

  async health(): Promise<ServiceHealth> {
    const healthy = (await redisState(this.url)) === "healthy";
    return {
      name: "redis",
      url: this.url,
      healthy,
      managed: true,
      pid: healthy ? readPid(this.pidFile) : undefined,
      logFile: this.logFile,
      dataDir: this.dir,
    };
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The folder a Redis keeps its data in (its `dir`); "" when that folder no longer exists or it would not say. */
async function servedFolder(url: string): Promise<string> {
  const client = probeClient(url);
  try {
    await client.connect();
    const reply = (await client.call("CONFIG", "GET", "dir")) as string[];
    return reply[1] ?? "";
  } catch {
    return "";
  } finally {
    client.disconnect();
  }
}

/** A one-shot client for health probes: no retries, no queueing, errors are answers. */
function probeClient(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => undefined);
  return client;
}

/**
 * "healthy" when a Redis at `url` answers and accepts a write (a Redis that cannot persist
 * refuses writes with MISCONF but still answers PING: "broken"), "down" when nothing answers.
 */
export async function redisState(url: string): Promise<"healthy" | "broken" | "down"> {
  const client = probeClient(url);
  try {
    await client.connect();
  } catch {
    client.disconnect();
    return "down";
  }
  try {
    await client.set("gemsweep:health", String(Date.now()), "PX", 60_000);
    return "healthy";
  } catch {
    return "broken";
  } finally {
    client.disconnect();
  }
}

/** true when a Redis answers PING at `url` within a second. */
export async function pingRedis(url: string): Promise<boolean> {
  const client = probeClient(url);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
