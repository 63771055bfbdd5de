import { EVENTS_CHANNEL, type LiveEvent } from "@gemsweep/contracts";
import { Redis } from "ioredis";

/** Fire-and-forget publishing: a live view missing an event must never fail a trial. */
export class LiveEvents {
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.redis.on("error", () => undefined);
  }

  publish(event: LiveEvent): void {
    this.redis.publish(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
