// Why: the audit trail as `gemsweep audit` and GET /api/audit read it: newest first, filtered
// by action, actor, target and time, a page at a time with the total.
import type { AuditAction } from "@gemsweep/contracts";
import type { AuditEventRow } from "./audit-store.js";
import type { Prisma, PrismaClient } from "./prisma-client.js";

export interface AuditTrailQuery {
  action?: AuditAction | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  offset: number;
}

export interface AuditTrail {
  events: AuditEventRow[];
  total: number;
  limit: number;
  offset: number;
}

/** One page of audit events matching every filter given, newest first, and how many match in all. */
export async function auditTrail(
  prisma: PrismaClient,
  query: AuditTrailQuery,
): Promise<AuditTrail> {
  const where: Prisma.AuditEventWhereInput = {
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.target ? { target: query.target } : {}),
    ...(query.since || query.until
      ? {
          at: {
            ...(query.since ? { gte: query.since } : {}),
            ...(query.until ? { lt: query.until } : {}),
          },
        }
      : {}),
  };
  const [events, total] = await Promise.all([
    prisma.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: query.limit,
      skip: query.offset,
    }),
    prisma.auditEvent.count({ where }),
  ]);
  return { events, total, limit: query.limit, offset: query.offset };
}
