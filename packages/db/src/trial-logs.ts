// Why: `gemsweep logs`, GET /api/trials/:id/logs and the trial page read a trial's log lines after a cursor, to follow a running trial.
import { ErrorCode, GemSweepError, type TrialStatus } from "@gemsweep/contracts";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

export interface TrialLogLine {
  /** increasing over the trial's lines: the cursor to read after */
  id: string;
  /** the attempt's number (1, 2, ...) */
  attempt: number;
  /** the line's number within its attempt */
  seq: number;
  time: Date;
  /** pino's numeric level: 30 info, 40 warn, 50 error */
  level: number;
  msg: string;
  data: Record<string, unknown> | null;
}

export interface TrialLogs {
  trialId: string;
  /** the trial's status now: a follower stops once it is not WAITING, QUEUED or RUNNING and no line is left */
  status: TrialStatus;
  lines: TrialLogLine[];
  /** the last line's id, to pass as `after` next time (the one given when no line came) */
  next: string | null;
  /** per attempt with dropped lines: how many of its first lines are no longer kept */
  dropped: { attempt: number; lines: number }[];
}

/** A trial's log lines after the line `after` (all when absent), oldest first, at most `limit`. */
export async function trialLogs(
  prisma: PrismaClient,
  trialId: string,
  query: { after?: string | undefined; limit: number },
): Promise<TrialLogs> {
  const id = assertUuid(trialId, "trial");
  if (query.after !== undefined && !/^\d{1,19}$/.test(query.after)) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, "after must be a line id", {
      issues: [{ path: "after", message: "must be a line id (digits), as `next` gave it" }],
    });
  }
  const pool = sqlPoolOf(prisma);
  // The status is read first: once it says the trial ended, every line was stored before it
  // (the worker writes its lines, then the outcome), so the lines read next include them all.
  const trial = await pool.query<{ status: TrialStatus }>({
    name: "gemsweep.trial-status",
    text: `SELECT status::text AS status FROM "Trial" WHERE id = $1::uuid`,
    values: [id],
  });
  const [lines, dropped] = await Promise.all([
    pool.query<TrialLogLine>({
      name: "gemsweep.trial-log-lines",
      text: `SELECT l.id::text AS id, a.number AS attempt, l.seq, l.time AT TIME ZONE 'UTC' AS time, l.level, l.msg, l.data
        FROM "TrialLogLine" l JOIN "Attempt" a ON a.id = l."attemptId"
        WHERE l."trialId" = $1::uuid AND l.id > $2::bigint
        ORDER BY l.id LIMIT $3`,
      values: [id, query.after ?? "0", query.limit],
    }),
    pool.query<{ attempt: number; lines: number }>({
      name: "gemsweep.trial-log-dropped",
      text: `SELECT a.number AS attempt, (min(l.seq) - 1)::int AS lines
        FROM "TrialLogLine" l JOIN "Attempt" a ON a.id = l."attemptId"
        WHERE l."trialId" = $1::uuid GROUP BY a.number HAVING min(l.seq) > 1 ORDER BY a.number`,
      values: [id],
    }),
  ]);
  if (!trial.rows[0]) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${trialId} not found`);
  return {
    trialId: id,
    status: trial.rows[0].status,
    lines: lines.rows,
    next: lines.rows.at(-1)?.id ?? query.after ?? null,
    dropped: dropped.rows,
  };
}
