// Why: on a shared machine the load moves wall-clock samples/s about 2x between runs, and the
// PyTorch reference runs minutes after GemSweep; samples per second of this process's CPU time
// moves far less, so bench:train prints both.
import type { EpochMetrics, TrialHooks } from "../src/index.js";

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Hooks for trainTrial that measure each epoch's training steps in CPU time; `best()` is the best epoch's samples per CPU second. */
export function epochCpuMeter(onEpoch: (m: EpochMetrics) => void): { hooks: TrialHooks; best(): number } {
  let start: { cpu: number; wall: number } | undefined;
  let last: { cpu: number; wall: number } | undefined;
  const rates: number[] = [];
  const hooks: TrialHooks = {
    // called before every step: the first call of an epoch starts its window
    shouldStop: () => {
      start ??= { cpu: cpuSeconds(), wall: performance.now() / 1000 };
      return false;
    },
    // called after the epoch's last step with fraction 1 (before the evaluation)
    onProgress: (fraction) => {
      if (fraction < 1 || !start) return;
      last = { cpu: cpuSeconds() - start.cpu, wall: performance.now() / 1000 - start.wall };
      start = undefined;
    },
    onEpoch: (m) => {
      // the epoch's examples are its wall-clock rate times its training time
      if (last && last.cpu > 0) rates.push((m.samplesPerSec * last.wall) / last.cpu);
      last = undefined;
      onEpoch(m);
    },
  };
  return { hooks, best: () => (rates.length ? Math.max(...rates) : 0) };
}
