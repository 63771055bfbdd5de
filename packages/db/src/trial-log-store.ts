// Why: the only writer of trial log lines; it keeps each attempt's log bounded (the last lines, each of bounded size).
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** Lines kept per attempt: older ones are deleted as newer ones are written. */
export const TRIAL_LOG_MAX_LINES = 2000;
/** A line's message is cut to this many characters, and its fields' JSON to TRIAL_LOG_MAX_DATA_CHARS. */
export const TRIAL_LOG_MAX_MSG_CHARS = 2000;
export const TRIAL_LOG_MAX_DATA_CHARS = 8000;

/** One log line as a worker's logger produced it (pino's object, split). */
export interface TrialLogLineInput {
  /** the line's number within the attempt, from 1, increasing */
  seq: number;
  /** epoch milliseconds */
  time: number;
  /** pino's numeric level */
  level: number;
  msg: string;
  /** the line's other fields */
  data?: Record<string, unknown> | null;
}

function boundedData(data: Record<string, unknown> | null | undefined): string | null {
  if (!data || Object.keys(data).length === 0) return null;
  const text = JSON.stringify(data);
  if (text.length <= TRIAL_LOG_MAX_DATA_CHARS) return text;
  return JSON.stringify({ truncated: text.slice(0, TRIAL_LOG_MAX_DATA_CHARS) });
}

/** Writes attempts' log lines, at most TRIAL_LOG_MAX_LINES per attempt. */
export class TrialLogStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Appends lines of one attempt (a line already stored, by seq, is kept as it was) and deletes
   * the attempt's lines that fell out of the last TRIAL_LOG_MAX_LINES. One statement.
   */
  async append(
    trialId: string,
    attemptId: string,
    lines: readonly TrialLogLineInput[],
  ): Promise<void> {
    if (lines.length === 0) return;
    const lastSeq = Math.max(...lines.map((l) => l.seq));
    const keepAbove = lastSeq - TRIAL_LOG_MAX_LINES;
    const rows = lines
      .filter((l) => l.seq > keepAbove)
      .map((l) => ({
        seq: l.seq,
        ms: l.time,
        level: l.level,
        msg:
          l.msg.length > TRIAL_LOG_MAX_MSG_CHARS
            ? `${l.msg.slice(0, TRIAL_LOG_MAX_MSG_CHARS)}…`
            : l.msg,
        data: boundedData(l.data),
      }));
    await sqlPoolOf(this.prisma).query({
      name: "gemsweep.append-trial-log",
      text: `WITH added AS (
        INSERT INTO "TrialLogLine" ("trialId", "attemptId", seq, time, level, msg, data)
        SELECT $1::uuid, $2::uuid, l.seq, to_timestamp(l.ms / 1000.0) AT TIME ZONE 'UTC', l.level, l.msg, l.data::jsonb
        FROM jsonb_to_recordset($3::jsonb) AS l(seq int, ms float8, level int, msg text, data text)
        ON CONFLICT ("attemptId", seq) DO NOTHING
      )
      DELETE FROM "TrialLogLine" WHERE "attemptId" = $2::uuid AND seq <= $4`,
      values: [
        assertUuid(trialId, "trial"),
        assertUuid(attemptId, "attempt"),
        JSON.stringify(rows),
        keepAbove,
      ],
    });
  }
}
