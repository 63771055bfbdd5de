import { Redis } from "ioredis";

/** The pub/sub channel dashboards subscribe to for live views. */
export const EVENTS_CHANNEL = "gemsweep:events";

export type LiveEvent =
  | {
      type: "epoch";
      sweepId: string;
      trialId: string;
      epoch: number;
      loss: number;
      metric: number;
      samplesPerSec?: number;
    }
  | {
      type: "trial";
      sweepId: string;
      trialId: string;
      status: string;
      attempt?: number;
      workerId?: string;
    }
  | { type: "worker"; workerId: string; status: string };

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
