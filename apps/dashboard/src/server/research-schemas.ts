// Why: the zod schemas of the raw export and trial log routes (and the repro record they show), for handlers, /api/openapi.json and the pages' types.
import { RAW_EXPORT_FORMATS, RAW_EXPORT_WHATS } from "@gemsweep/core";
import { reproRecordSchema, TRIAL_STATUSES } from "@gemsweep/contracts";
import * as z from "zod";

export const exportQuerySchema = z.strictObject({
  what: z
    .enum(RAW_EXPORT_WHATS)
    .default("trials")
    .describe("one row per trial (its outcome) or per epoch (its numbers)"),
  format: z
    .enum(RAW_EXPORT_FORMATS)
    .default("csv")
    .describe("csv, jsonl (one JSON object per line) or parquet"),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

export const trialLogsQuerySchema = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,19}$/, "must be a line id, as `next` gave it")
    .optional()
    .describe("only lines after this one (the previous answer's `next`)"),
  limit: z.coerce
    .number()
    .int("must be an integer")
    .min(1, "must be >= 1")
    .max(5000, "must be <= 5000")
    .default(1000)
    .describe("most lines to return"),
});

/** The reproducibility record an attempt was started with (null for attempts older than the record). */
export const reproSchema = reproRecordSchema.meta({
  id: "ReproRecord",
  description:
    "what the attempt ran with: git commit and dirty flag, versions, lockfile hash, backend, device, dataset checksums, the resolved config",
});

export const trialLogLineSchema = z
  .object({
    id: z.string().describe("increasing over the trial's lines; pass the last as `after`"),
    attempt: z.int().describe("the attempt's number"),
    seq: z.int().describe("the line's number within its attempt"),
    time: z.iso.datetime(),
    level: z.int().describe("pino's level: 30 info, 40 warn, 50 error"),
    msg: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe("the line's fields: an epoch's metrics, err with its stack, …"),
  })
  .meta({ id: "TrialLogLine" });

export const trialLogsSchema = z
  .object({
    trialId: z.uuid(),
    status: z
      .enum(TRIAL_STATUSES)
      .describe("the trial's status when read: follow while WAITING, QUEUED or RUNNING"),
    lines: z.array(trialLogLineSchema),
    next: z.string().nullable().describe("the cursor for the next read (`after`)"),
    dropped: z
      .array(z.object({ attempt: z.int(), lines: z.int() }))
      .describe("attempts whose first lines are no longer kept (each attempt keeps its last 2000)"),
  })
  .meta({ id: "TrialLogs" });
