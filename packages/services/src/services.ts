import { PostgresService, pingPostgres } from "./postgres-service.js";
import { RedisService, pingRedis } from "./redis-service.js";
import { serviceConfig, type ServiceConfig } from "./service-config.js";
import type { ServiceHealth } from "./service-health.js";

export interface ServiceUrls {
  redisUrl: string;
  databaseUrl: string;
}

/**
 * The local Redis + PostgreSQL pair. When REDIS_URL / DATABASE_URL are set, that service is
 * external (a cluster's) and is only health-checked, never started or stopped.
 */
export class LocalServices {
  readonly redis: RedisService;
  readonly postgres: PostgresService;

  constructor(
    readonly config: ServiceConfig = serviceConfig(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.redis = new RedisService(config);
    this.postgres = new PostgresService(config);
  }

  get urls(): ServiceUrls {
    return {
      redisUrl: this.env.REDIS_URL || this.redis.url,
      databaseUrl: this.env.DATABASE_URL || this.postgres.url,
    };
  }

  /** Starts whatever is embedded and not running; idempotent. Returns the URLs to use. */
  async up(): Promise<ServiceUrls> {
    await Promise.all([
      this.env.REDIS_URL ? Promise.resolve() : this.redis.start(),
      this.env.DATABASE_URL ? Promise.resolve() : this.postgres.start(),
    ]);
    return this.urls;
  }

  async down(): Promise<void> {
    await Promise.all([
      this.env.REDIS_URL ? Promise.resolve() : this.redis.stop(),
      this.env.DATABASE_URL ? Promise.resolve() : this.postgres.stop(),
    ]);
  }

  async status(): Promise<ServiceHealth[]> {
    const { redisUrl, databaseUrl } = this.urls;
    const redis: ServiceHealth = this.env.REDIS_URL
      ? {
          name: "redis",
          url: redactUrl(redisUrl),
          healthy: await pingRedis(redisUrl),
          managed: false,
        }
      : await this.redis.health();
    const postgres: ServiceHealth = this.env.DATABASE_URL
      ? {
          name: "postgres",
          url: redactUrl(databaseUrl),
          healthy: await pingPostgres(databaseUrl),
          managed: false,
        }
      : await this.postgres.health();
    return [redis, postgres];
  }
}

/** A URL fit for logs and status output: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, "://$1:***@");
  }
}
