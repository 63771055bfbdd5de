// Why: `gemsweep list` filters sweeps by status and name, newest first, with each one's progress in one read.
import type { SweepStatus } from "@gemsweep/contracts";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";

export interface SweepListRow {
  id: string;
  name: string;
  status: SweepStatus;
  createdAt: Date;
  finishedAt: Date | null;
  /** trials of the sweep */
  total: number;
  /** trials that ended (neither queued nor running) */
  ended: number;
  completed: number;
}

export interface SweepListQuery {
  status?: SweepStatus | undefined;
  /** a substring of the name, case-insensitive */
  nameContains?: string | undefined;
  limit: number;
}

/** Sweeps newest first, of one status and/or whose name contains a text, each with its trial counts. */
export async function sweepList(
  prisma: PrismaClient,
  query: SweepListQuery,
): Promise<SweepListRow[]> {
  const { rows } = await sqlPoolOf(prisma).query<SweepListRow>({
    name: "gemsweep.sweep-list",
    text: `SELECT s.id::text, s.name, s.status::text AS status,
        s."createdAt" AT TIME ZONE 'UTC' AS "createdAt", s."finishedAt" AT TIME ZONE 'UTC' AS "finishedAt",
        coalesce(c.total, 0)::int AS total, coalesce(c.ended, 0)::int AS ended, coalesce(c.completed, 0)::int AS completed
      FROM (
        SELECT * FROM "Sweep"
        WHERE ($1::text IS NULL OR status::text = $1)
          AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0)
        ORDER BY "createdAt" DESC, id
        LIMIT $3
      ) s
      LEFT JOIN LATERAL (
        SELECT count(*) AS total,
          count(*) FILTER (WHERE t.status NOT IN ('WAITING', 'QUEUED', 'RUNNING')) AS ended,
          count(*) FILTER (WHERE t.status = 'COMPLETED') AS completed
        FROM "Trial" t WHERE t."sweepId" = s.id
      ) c ON true
      ORDER BY s."createdAt" DESC, s.id`,
    values: [query.status ?? null, query.nameContains ?? null, query.limit],
  });
  return rows;
}
