// Why: how long each fault held work up, measured afterwards from the rows the database keeps
// (attempt starts, epoch and result times), not from what the soak believed at the time.
import type { PrismaClient } from "@gemsweep/db";
import type { FaultKind } from "./chaos-schedule.js";

/** A fault as the soak injected it. */
export interface InjectedFault {
  kind: FaultKind;
  /** the victim, for faults aimed at one worker */
  worker?: string;
  startedAt: number;
  /** when it was lifted: the service answered again, the network healed, the disk was freed (a kill: its start) */
  endedAt: number;
  /** the attempts running in its reach when it struck */
  held: Array<{ trialId: string; number: number }>;
  note?: string;
}

export interface FaultRecovery {
  fault: InjectedFault;
  /**
   * From the fault until every trial it held moved on again (a new attempt, an epoch or its
   * result recorded after the fault) and, for a service or the disk, until a trial completed
   * after the fault was lifted. null: a held trial never moved on (the audit reports it stuck).
   */
  recoveryMs: number | null;
  /** partitions and kills: from the fault until the last held trial's next attempt started */
  takeoverMs: number | null;
  /** partitions: from the heal until the worker started an attempt again (null: it got none) */
  comebackMs: number | null;
}

interface AttemptRow {
  trialId: string;
  number: number;
  workerId: string | null;
  startedAt: Date;
}

/** Recovery, takeover and comeback times of every injected fault. */
export async function recoveryTimes(prisma: PrismaClient, sweepIds: readonly string[], faults: readonly InjectedFault[]): Promise<FaultRecovery[]> {
  const trialIds = [...new Set(faults.flatMap((f) => f.held.map((h) => h.trialId)))];
  const attempts = await prisma.$queryRaw<AttemptRow[]>`
    SELECT a."trialId"::text AS "trialId", a.number, a."workerId", a."startedAt" FROM "Attempt" a
    JOIN "Trial" t ON t.id = a."trialId" WHERE t."sweepId" = ANY(${sweepIds as string[]}::uuid[])`;
  const epochs = await prisma.$queryRaw<Array<{ trialId: string; recordedAt: Date }>>`
    SELECT "trialId"::text AS "trialId", "recordedAt" FROM "EpochMetric" WHERE "trialId" = ANY(${trialIds}::uuid[])`;
  const finishes = await prisma.$queryRaw<Array<{ id: string; finishedAt: Date | null }>>`
    SELECT id::text AS id, "finishedAt" FROM "Trial" WHERE "sweepId" = ANY(${sweepIds as string[]}::uuid[])`;
  const finishedAt = new Map(finishes.map((t) => [t.id, t.finishedAt?.getTime() ?? null]));
  const completions = finishes.map((t) => t.finishedAt?.getTime()).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const byTrial = new Map<string, AttemptRow[]>();
  for (const a of attempts) byTrial.set(a.trialId, [...(byTrial.get(a.trialId) ?? []), a]);
  const epochTimes = new Map<string, number[]>();
  for (const e of epochs) epochTimes.set(e.trialId, [...(epochTimes.get(e.trialId) ?? []), e.recordedAt.getTime()]);

  return faults.map((fault) => {
    const after = (times: Array<number | null | undefined>, t: number) => {
      const later = times.filter((x): x is number => typeof x === "number" && x > t);
      return later.length > 0 ? Math.min(...later) : null;
    };
    let recovered: number | null = fault.startedAt;
    let takeover: number | null = null;
    for (const held of fault.held) {
      const next = after((byTrial.get(held.trialId) ?? []).filter((a) => a.number > held.number).map((a) => a.startedAt.getTime()), fault.startedAt);
      const moved = after([next, finishedAt.get(held.trialId), ...(epochTimes.get(held.trialId) ?? [])], fault.startedAt);
      if (next !== null) takeover = Math.max(takeover ?? 0, next);
      recovered = moved === null || recovered === null ? null : Math.max(recovered, moved);
    }
    const wide = fault.kind === "restart-redis" || fault.kind === "restart-postgres" || fault.kind === "fill-checkpoints";
    if (wide && recovered !== null) {
      const completion = completions.find((t) => t >= fault.endedAt);
      if (completion !== undefined) recovered = Math.max(recovered, completion);
    }
    let comeback: number | null = null;
    if (fault.kind === "partition-worker") {
      const own = attempts.filter((a) => a.workerId === fault.worker).map((a) => a.startedAt.getTime());
      comeback = after(own, fault.endedAt);
    }
    return {
      fault,
      recoveryMs: recovered === null ? null : recovered - fault.startedAt,
      takeoverMs: takeover === null ? null : takeover - fault.startedAt,
      comebackMs: comeback === null ? null : comeback - fault.endedAt,
    };
  });
}
