// Why: the soak's faults come from one seed, so a failing run can be replayed fault for fault.
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { CutMode } from "./partition-proxy.js";

/** One fault, `at` ms after the chaos starts; `pick` chooses the victim among the live workers then. */
export type Fault =
  | { kind: "kill-worker"; at: number; pick: number }
  | { kind: "drain-worker"; at: number; pick: number }
  | { kind: "restart-redis"; at: number; downMs: number }
  | { kind: "restart-postgres"; at: number; downMs: number }
  | { kind: "partition-worker"; at: number; pick: number; forMs: number; mode: CutMode }
  | { kind: "fill-checkpoints"; at: number; forMs: number };

export type FaultKind = Fault["kind"];

export interface ChaosSettings {
  /** SIGKILL a worker every this many ms (uniform in the range) */
  killEveryMs: readonly [number, number];
  /** how long Redis and PostgreSQL stay down when restarted */
  redisDownMs: readonly [number, number];
  postgresDownMs: readonly [number, number];
  /** how long one worker is cut off */
  partitionMs: readonly [number, number];
  partitionMode: CutMode;
  /** how long the checkpoint volume stays full */
  diskFullMs: readonly [number, number];
}

export const DEFAULT_CHAOS: ChaosSettings = {
  killEveryMs: [5000, 15_000],
  redisDownMs: [2000, 6000],
  postgresDownMs: [3000, 8000],
  partitionMs: [30_000, 60_000],
  partitionMode: "blackhole",
  diskFullMs: [10_000, 25_000],
};

/**
 * The faults of a `durationMs` chaos window, by time: a worker SIGKILLed every 5-15 s, and once
 * each a worker drained (SIGTERM), Redis restarted, PostgreSQL restarted, a worker cut off from
 * both for 30-60 s, and the checkpoint volume filled. The one-off faults start in the
 * first half of the window (while the sweep surely runs) and may overlap each other and the
 * kills; each ends inside the window.
 */
export function chaosSchedule(seed: number, durationMs: number, settings: ChaosSettings = DEFAULT_CHAOS): Fault[] {
  const rng = xoroshiro128plus(seed);
  const between = (range: readonly [number, number]) => uniformInt(rng, Math.round(range[0]), Math.round(range[1]));
  const pick = () => uniformInt(rng, 0, 1_000_000);
  // A fault of length `length` starts between 10 % and 50 % of the window, early enough to end
  // inside it. The sweep is sized to keep
  // half the slots busy, so it can end before the window does: in a full run (seed 1) it ended
  // at 68 %, and the drain, the partition and the full disk that came after hit idle workers.
  const startFor = (length: number) => between([durationMs * 0.1, Math.max(durationMs * 0.1, Math.min(durationMs * 0.5, durationMs * 0.95 - length))]);
  const faults: Fault[] = [];
  for (let at = between(settings.killEveryMs); at < durationMs; at += between(settings.killEveryMs)) {
    faults.push({ kind: "kill-worker", at, pick: pick() });
  }
  const redisDownMs = between(settings.redisDownMs);
  const postgresDownMs = between(settings.postgresDownMs);
  const partitionMs = between(settings.partitionMs);
  const diskFullMs = between(settings.diskFullMs);
  faults.push(
    { kind: "drain-worker", at: startFor(0), pick: pick() },
    { kind: "restart-redis", at: startFor(redisDownMs), downMs: redisDownMs },
    { kind: "restart-postgres", at: startFor(postgresDownMs), downMs: postgresDownMs },
    { kind: "partition-worker", at: startFor(partitionMs), pick: pick(), forMs: partitionMs, mode: settings.partitionMode },
    { kind: "fill-checkpoints", at: startFor(diskFullMs), forMs: diskFullMs },
  );
  return faults.sort((a, b) => a.at - b.at);
}
