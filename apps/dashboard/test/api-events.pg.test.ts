import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startTestDashboard, START_TIMEOUT_MS, type TestDashboard } from "./support/test-dashboard.js";

// Server-sent events: what workers publish on Redis reaches the browser, filtered to the sweep.

let dash: TestDashboard;
let publisher: Redis;

beforeAll(async () => {
  dash = await startTestDashboard();
  publisher = new Redis(process.env.REDIS_URL!);
}, START_TIMEOUT_MS);

afterAll(async () => {
  publisher?.disconnect();
  await dash?.stop();
});

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE frames from a fetch body, one `next()` per event. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return async function next(): Promise<SseEvent> {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data) return { event, data: JSON.parse(data) as Record<string, unknown> };
        continue; // retry / keep-alive comment
      }
      const { done, value } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

async function nextOf(next: () => Promise<SseEvent>, type: string): Promise<SseEvent> {
  for (;;) {
    const event = await next();
    if (event.event === type) return event;
  }
}

describe("GET /api/sweeps/:id/events", () => {
  it("streams the summary, the sweep's own worker events, and done", async () => {
    const spec = JSON.stringify({ name: "sse", benchmark: "sleep", seeds: [0, 1], baseline: "relu", activations: ["relu"] });
    const post = (body: string) => send(`${dash.url}/api/sweeps`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const { id } = (await post(spec)).json<{ id: string }>();
    const other = (await post(spec.replace('"sse"', '"sse-other"'))).json<{ id: string }>().id;

    const controller = new AbortController();
    const response = await fetch(`${dash.url}/api/sweeps/${id}/events`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const next = sseReader(response.body!);
    const summary = await nextOf(next, "summary");
    expect(summary.data).toMatchObject({ id, total: 2, counts: { QUEUED: 2 } });

    // The subscription is live once the first summary is out; publish until ours arrives:
    // another sweep's event first, then ours; Redis keeps their order.
    const publish = async () => {
      await publisher.publish("gemsweep:events", JSON.stringify({ type: "epoch", sweepId: other, trialId: "t-other", epoch: 1, loss: 1, metric: 0.5 }));
      await publisher.publish("gemsweep:events", JSON.stringify({ type: "epoch", sweepId: id, trialId: "t-mine", epoch: 1, loss: 1, metric: 0.5 }));
    };
    await publish();
    const epoch = await nextOf(next, "epoch");
    expect(epoch.data).toMatchObject({ sweepId: id, trialId: "t-mine", epoch: 1 });

    const cancelled = await send(`${dash.url}/api/sweeps/${id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);
    await publisher.publish("gemsweep:events", JSON.stringify({ type: "trial", sweepId: id, trialId: "t-mine", status: "CANCELLED" }));
    const done = await nextOf(next, "done");
    expect(done.data).toEqual({ status: "CANCELLED" });
    controller.abort();
  });
});
