import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { TrialQueue } from "../src/trial-queue.js";

// A command that never uses its queue closes it moments after opening it (`gemsweep status`,
// `table`): that close must not leave BullMQ's connection handshake rejecting unhandled.

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);

afterEach(() => {
  process.off("unhandledRejection", record);
});

describe("TrialQueue.close", () => {
  it("closing a queue right after opening it leaves no unhandled rejection", async () => {
    process.on("unhandledRejection", record);
    for (let i = 0; i < 40; i++) {
      const queue = new TrialQueue(process.env.REDIS_URL!, `close-${randomUUID()}`);
      await new Promise((resolve) => setTimeout(resolve, i % 5)); // closes at every stage of the handshake
      await queue.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // late rejections surface
    expect(unhandled.map((e) => (e instanceof Error ? e.message : String(e)))).toEqual([]);
  });
});
