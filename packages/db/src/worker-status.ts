import type { PrismaClient, WorkerStatus } from "./prisma-client.js";

/** A registered worker's status (ACTIVE, DRAINING, STOPPED), or null when no worker has this id. */
export async function workerStatus(
  prisma: PrismaClient,
  workerId: string,
): Promise<WorkerStatus | null> {
  const worker = await prisma.worker.findUnique({
    where: { id: workerId },
    select: { status: true },
  });
  return worker?.status ?? null;
}
