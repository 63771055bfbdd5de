import type { PrismaClient } from "./prisma-client.js";

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  backend: string;
  device: string;
  concurrency: number;
}

/** The worker registry: who is alive (heartbeats), on what backend, doing what. */
export class WorkerStore {
  constructor(private readonly prisma: PrismaClient) {}

  async register(info: WorkerInfo): Promise<void> {
    const now = new Date();
    await this.prisma.worker.upsert({
      where: { id: info.id },
      create: { ...info, status: "ACTIVE", startedAt: now, lastHeartbeat: now },
      update: { ...info, status: "ACTIVE", lastHeartbeat: now },
    });
  }

  async heartbeat(
    id: string,
    currentTrialId: string | null,
  ): Promise<"ACTIVE" | "DRAINING" | "STOPPED"> {
    const worker = await this.prisma.worker.update({
      where: { id },
      data: { lastHeartbeat: new Date(), currentTrialId },
    });
    return worker.status;
  }

  /** Asks a worker to finish its current trials and take no new ones (seen at its next heartbeat). */
  async drain(id: string): Promise<boolean> {
    const result = await this.prisma.worker.updateMany({
      where: { id, status: "ACTIVE" },
      data: { status: "DRAINING" },
    });
    return result.count > 0;
  }

  async stopped(id: string): Promise<void> {
    await this.prisma.worker.updateMany({
      where: { id },
      data: { status: "STOPPED", currentTrialId: null },
    });
  }
}
