import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { findExecutable } from "./find-executable.js";
import { MissingBinaryError } from "./missing-binary-error.js";
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
    if (await pingRedis(this.url)) return; // idempotent: already up
    const binary =
      process.env.GEMSWEEP_REDIS_SERVER ??
      findExecutable("redis-server", ["/usr/sbin", "/usr/bin"]);
    if (!binary) {
      throw new MissingBinaryError(
        "redis-server",
        "apt-get install -y redis-server (Debian/Ubuntu) or brew install redis",
      );
    }
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
    if (!(await pingRedis(this.url))) return;
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      await client.call("SHUTDOWN").catch(() => undefined); // the connection drops as Redis exits
    } finally {
      client.disconnect();
    }
    await waitUntil(async () => !(await pingRedis(this.url)), 10_000);
  }

  async health(): Promise<ServiceHealth> {
    const healthy = await pingRedis(this.url);
    return {
      name: "redis",
      url: this.url,
      healthy,
      managed: true,
      pid: healthy ? readPid(this.pidFile) : undefined,
      logFile: this.logFile,
    };
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

/** true when a Redis answers PING at `url` within a second. */
export async function pingRedis(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
