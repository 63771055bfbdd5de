import type { SweepStore } from "@gemsweep/db";
import type { LiveEvent } from "@gemsweep/contracts";
import { liveEventsHub } from "./live-events-hub";

const encoder = new TextEncoder();

function frame(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * Server-sent events for one sweep: every worker event about it (`epoch`, `trial`) as it is
 * published on Redis, plus a `summary` (status counts) right away, shortly after trial
 * events (coalesced), and every few seconds if anything changed: so a view stays right even
 * when a worker publishes nothing. Ends with `done` once the sweep has no open trials.
 */
export function sweepEventStream(sweeps: SweepStore, sweepId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  let unsubscribe: () => void = () => undefined;
  let timers: ReturnType<typeof setInterval>[] = [];
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let lastSummary = "";
  let doneSent = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          close();
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        for (const t of timers) clearInterval(t);
        if (refreshTimer) clearTimeout(refreshTimer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const pushSummary = async () => {
        refreshTimer = null;
        try {
          const summary = await sweeps.getSweep(sweepId);
          const text = JSON.stringify(summary);
          if (text !== lastSummary) {
            lastSummary = text;
            send(frame("summary", summary));
          }
          const open = summary.counts.WAITING + summary.counts.QUEUED + summary.counts.RUNNING;
          if (!doneSent && open === 0 && summary.status !== "QUEUED" && summary.status !== "RUNNING") {
            doneSent = true;
            send(frame("done", { status: summary.status }));
          }
        } catch {
          // the database hiccuped: the next tick tries again
        }
      };
      const scheduleSummary = () => {
        if (!refreshTimer) refreshTimer = setTimeout(() => void pushSummary(), 300);
      };

      const subscription = liveEventsHub().subscribe((event: LiveEvent) => {
        if (event.type === "worker" || event.sweepId !== sweepId) return;
        send(frame(event.type, event));
        if (event.type === "trial") scheduleSummary();
      });
      unsubscribe = subscription.unsubscribe;
      timers = [
        setInterval(() => void pushSummary(), 3000),
        setInterval(() => send(encoder.encode(": keep-alive\n\n")), 15000),
      ];
      signal.addEventListener("abort", close, { once: true });
      send(encoder.encode("retry: 2000\n\n"));
      await Promise.race([subscription.ready, new Promise((r) => setTimeout(r, 3000))]);
      await pushSummary(); // after the subscription: nothing published from here on is missed
    },
    cancel() {
      closed = true;
      unsubscribe();
      for (const t of timers) clearInterval(t);
      if (refreshTimer) clearTimeout(refreshTimer);
    },
  });
}
