import { TrialStore, WorkerStore, type PrismaClient } from "@gemsweep/db";

/**
 * Plays a worker through the real stores: registers it, and for every trial of the sweep
 * opens an attempt, records `epochs` epochs (with per-layer health) and completes it with a
 * metric from `metricOf`. No queue consumer involved: results land exactly as a worker writes them.
 */
export async function seedResults(
  prisma: PrismaClient,
  sweepId: string,
  options: { workerId: string; epochs: number; metricOf: (t: { activation: string; n: number | null; eps: number | null; seed: number }, epoch: number) => number },
): Promise<number> {
  const workers = new WorkerStore(prisma);
  await workers.register({ id: options.workerId, host: "test-host", pid: process.pid, backend: "cpu", device: "test device", concurrency: 1 });
  const store = new TrialStore(prisma);
  const trials = await prisma.trial.findMany({ where: { sweepId }, orderBy: [{ configKey: "asc" }, { seed: "asc" }] });
  for (const trial of trials) {
    const start = await store.beginAttempt(trial.id, options.workerId);
    if (start.kind !== "run") throw new Error(`trial ${trial.id} not runnable: ${start.status}`);
    let metric = 0;
    const relu = trial.activation === "relu";
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      metric = options.metricOf(trial, epoch);
      // as a trainer with a validation split reports it: `metric` is validation's, test's a bit below
      await store.recordEpoch(trial.id, start.attemptId, {
        epoch,
        loss: 1 / epoch,
        metric,
        valMetric: metric,
        valLoss: 1 / epoch,
        testMetric: metric - 0.01,
        testLoss: 1.05 / epoch,
        lr: 1e-3,
        trainLoss: 1.1 / epoch,
        samplesPerSec: 1000,
        epochSeconds: 0.5,
        gradNorm: 1,
        health: [
          { site: "dense1", units: 8, deadUnits: relu ? 2 : 0, deadFraction: relu ? 0.25 : 0, nearDeadUnits: relu ? 3 : 1, nearDeadFraction: relu ? 3 / 8 : 1 / 8 },
          { site: "dense2", units: 8, deadUnits: 0, deadFraction: 0, nearDeadUnits: 0, nearDeadFraction: 0 },
        ],
        // the overall fractions of the two sites above (16 units)
        deadFraction: relu ? 2 / 16 : 0,
        nearDeadFraction: relu ? 3 / 16 : 1 / 16,
      });
    }
    await store.finishAttempt(trial.id, start.attemptId, { status: "COMPLETED", finalMetric: metric, bestMetric: metric, bestEpoch: options.epochs, finalLoss: 1 / options.epochs });
  }
  return trials.length;
}
