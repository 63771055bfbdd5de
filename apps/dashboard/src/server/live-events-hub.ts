import { EVENTS_CHANNEL, parseLiveEvent, type LiveEvent } from "@gemsweep/contracts";
import { Redis } from "ioredis";
import { serviceUrls } from "./service-urls";

type Listener = (event: LiveEvent) => void;

/**
 * One Redis subscription per server process, fanned out to every open SSE stream: a thousand
 * browser tabs cost one Redis connection, and the connection closes when the last tab leaves.
 */
class LiveEventsHub {
  private subscriber: Redis | null = null;
  private subscribed: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<Listener>();

  /**
   * Adds a listener. `ready` settles once Redis confirmed the subscription (or failed to:
   * then events flow after ioredis reconnects), so a caller can send its first snapshot
   * knowing that no event published afterwards is missed.
   */
  subscribe(listener: Listener): { ready: Promise<void>; unsubscribe: () => void } {
    this.listeners.add(listener);
    if (!this.subscriber) this.connect();
    return {
      ready: this.subscribed,
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.disconnect();
      },
    };
  }

  private connect(): void {
    const subscriber = new Redis(serviceUrls().redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    subscriber.on("error", () => undefined); // ioredis reconnects and re-subscribes by itself
    subscriber.on("message", (_channel: string, message: string) => {
      const event = parseLiveEvent(message);
      if (!event) return; // not ours, or garbled: a live view skips it
      for (const listener of this.listeners) listener(event);
    });
    this.subscribed = subscriber.subscribe(EVENTS_CHANNEL).then(
      () => undefined,
      () => undefined,
    );
    this.subscriber = subscriber;
  }

  private disconnect(): void {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) void subscriber.quit().catch(() => subscriber.disconnect());
  }
}

const holder = globalThis as typeof globalThis & { __gemsweepEventsHub?: LiveEventsHub };

export function liveEventsHub(): LiveEventsHub {
  holder.__gemsweepEventsHub ??= new LiveEventsHub();
  return holder.__gemsweepEventsHub;
}
