import { parseSpec, type PrunerSpec } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";

/**
 * The pruner a sweep asked for (`pruner:` of its spec; `{ strategy: "none" }` when it asked for
 * none), or null when there is no such sweep. The one place that derives it from what the
 * sweep stored: today the submitted spec, parsed again.
 */
export async function sweepPrunerSpec(
  prisma: PrismaClient,
  sweepId: string,
): Promise<PrunerSpec | null> {
  const sweep = await prisma.sweep.findUnique({ where: { id: sweepId }, select: { spec: true } });
  return sweep ? parseSpec(sweep.spec).pruner : null;
}
