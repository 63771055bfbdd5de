import type { PrismaClient } from "./prisma-client.js";
import { SweepStore, type SweepSummaryRow } from "./sweep-store.js";

export interface SweepPage {
  sweeps: SweepSummaryRow[];
  /** every sweep stored, over all pages */
  total: number;
  limit: number;
  offset: number;
}

/** One page of sweeps, newest first, each with its trials' status counts, and how many there are in all. */
export async function sweepPage(
  prisma: PrismaClient,
  query: { limit: number; offset: number },
): Promise<SweepPage> {
  const [sweeps, total] = await Promise.all([
    new SweepStore(prisma).listSweeps(query),
    prisma.sweep.count(),
  ]);
  return { sweeps, total, limit: query.limit, offset: query.offset };
}
