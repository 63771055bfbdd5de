import * as z from "zod";
import { trialStatusSchema, workerStatusSchema } from "./statuses.js";

// The live events workers publish on Redis pub/sub and dashboards stream to browsers: one
// channel, one union. Publishers build them typed; subscribers parse them (a channel is shared
// and anything may arrive on it).

/** The Redis pub/sub channel of live events. */
export const EVENTS_CHANNEL = "gemsweep:events";

export const liveEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("epoch"),
    sweepId: z.string(),
    trialId: z.string(),
    epoch: z.int(),
    // JSON has no NaN: a diverged epoch's values arrive as null.
    loss: z.number().nullable(),
    metric: z.number().nullable(),
    samplesPerSec: z.number().optional(),
  }),
  z.object({
    type: z.literal("trial"),
    sweepId: z.string(),
    trialId: z.string(),
    status: trialStatusSchema,
    attempt: z.int().optional(),
    workerId: z.string().optional(),
  }),
  z.object({ type: z.literal("worker"), workerId: z.string(), status: workerStatusSchema }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent["type"];

/** A message from the channel as a LiveEvent, or null when it is not one (garbled, foreign). */
export function parseLiveEvent(message: string): LiveEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  const parsed = liveEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
