import type { Activation } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { AshaPruner, syntheticAccuracy, syntheticPlateau, type TrialSnapshot } from "../src/index.js";

// ASHA's rung rule checked against decisions worked out by hand on the synthetic benchmark,
// whose validation accuracy after e epochs is plateau(lr) · (1 − 2^−e) + a fixed seed offset:
// within one activation and seed every epoch ranks the settings as their plateaus do, so each
// decision below follows from the plateaus alone.

interface Run {
  sample: number;
  lr: number;
  status: "COMPLETED" | "PRUNED";
  rung: number | null;
  epochs: number;
}

/** Trains the settings one after another (one worker), asking ASHA after every epoch but the last, as the worker does. */
function runSequentially(activation: Activation, lrs: number[], asha: AshaPruner, epochs: number): Run[] {
  const done: TrialSnapshot[] = [];
  const runs: Run[] = [];
  lrs.forEach((lr, sample) => {
    const curve: { epoch: number; metric: number }[] = [];
    let rung: number | null = null;
    let status: Run["status"] = "COMPLETED";
    for (let epoch = 1; epoch <= epochs; epoch++) {
      curve.push({ epoch, metric: syntheticAccuracy(activation, { lr }, 0, epoch).validation });
      if (epoch === epochs) break;
      const me: TrialSnapshot = {
        id: `t${sample}`,
        configKey: `g#tune=${sample}`,
        benchmark: "synthetic",
        seed: 0,
        status: "RUNNING",
        stage: "TUNE",
        groupKey: "g",
        sample,
        rung,
        epochs,
        curve: [...curve],
      };
      const decision = asha.shouldPrune(me, done, "max");
      if (decision.rung !== undefined) rung = decision.rung;
      if (decision.prune) {
        status = "PRUNED";
        break;
      }
    }
    runs.push({ sample, lr, status, rung, epochs: curve.length });
    done.push({ id: `t${sample}`, configKey: `g#tune=${sample}`, benchmark: "synthetic", seed: 0, status, stage: "TUNE", groupKey: "g", sample, rung, epochs, curve });
  });
  return runs;
}

// The settings in the order they run: lr = 1e-2, 1e-3, 5e-5, 3e-2, 1e-1, 2e-5, 3e-3.
const LRS = [1e-2, 1e-3, 5e-5, 3e-2, 1e-1, 2e-5, 3e-3];
const asha = new AshaPruner({ reductionFactor: 3, minResource: 1 });

describe("AshaPruner: rungs", () => {
  it("puts rung k of bracket s at epoch r·η^(s+k), below the maximum resource", () => {
    expect(asha.rungEpochs(0, 9)).toEqual([1, 3]);
    expect(asha.rungEpochs(0, 10)).toEqual([1, 3, 9]);
    expect(new AshaPruner({ reductionFactor: 2, minResource: 2, brackets: 2 }).rungEpochs(1, 20)).toEqual([4, 8, 16]);
    expect(new AshaPruner({ reductionFactor: 3, minResource: 1, maxResource: 5 }).rungEpochs(0, 9)).toEqual([1, 3]);
    expect(asha.peerQuery(2, 9)).toEqual({ epochs: [1], statuses: "any" });
  });
});

describe("AshaPruner on the synthetic benchmark, one worker, η = 3, r = 1, 9 epochs (rungs at epochs 1 and 3)", () => {
  it("GELU (best lr 1e-3): the plateaus by hand", () => {
    // plateau = 0.9 − 0.1 · log10(lr / 1e-3)²
    const plateaus = LRS.map((lr) => syntheticPlateau({ name: "gelu" }, { lr }));
    expect(plateaus.map((p) => Number(p.toFixed(6)))).toEqual([0.8, 0.9, 0.730732, 0.681811, 0.5, 0.61135, 0.877236]);
  });

  it("GELU: promotes and stops exactly as worked out by hand", () => {
    // s0 (0.8)     rung 0: alone, n=1, keep 1: promoted. rung 1: alone: promoted. Completes.
    // s1 (0.9)     rung 0: {s0, s1}, keep 1, best: promoted. rung 1: {s0, s1}, best: promoted. Completes.
    // s2 (0.7307)  rung 0: n=3, keep 1, cutoff s1: stopped at rung 0 (epoch 1).
    // s3 (0.6818)  rung 0: n=4, keep 1: stopped.    s4 (0.5) rung 0: n=5, keep 1: stopped.
    // s5 (0.6114)  rung 0: n=6, keep 2, cutoff s0 (0.8): stopped.
    // s6 (0.8772)  rung 0: n=7, keep 2: s1 0.9, s6 0.877 -> cutoff is s6 itself: promoted.
    //              rung 1: {s0, s1, s6}, n=3, keep 1, cutoff s1: stopped at rung 1 (epoch 3).
    const runs = runSequentially({ name: "gelu" }, LRS, asha, 9);
    expect(runs.map((r) => [r.status, r.rung, r.epochs])).toEqual([
      ["COMPLETED", 1, 9],
      ["COMPLETED", 1, 9],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 1, 3],
    ]);
    // 25 of the 63 trial-epochs a full grid would train.
    expect(runs.reduce((a, r) => a + r.epochs, 0)).toBe(25);
  });

  it("E-GEM (best lr 3e-3): the same settings, other decisions, by hand", () => {
    // plateau = 0.91 − 0.1 · log10(lr / 3e-3)²: s0 0.8827, s1 0.8872, s2 0.5938, s3 0.81,
    // s4 0.6781, s5 0.4365, s6 0.91.
    // s0, s1 as for GELU (s1 beats s0); s2..s5 stopped at rung 0 (s5: n=6, keep 2, cutoff s0).
    // s6 rung 0: n=7, keep 2, best: promoted; rung 1: {s0, s1, s6}, keep 1, best: promoted. Completes.
    const runs = runSequentially({ name: "e-gem", N: 1, eps: 1 }, LRS, asha, 9);
    expect(runs.map((r) => [r.status, r.rung, r.epochs])).toEqual([
      ["COMPLETED", 1, 9],
      ["COMPLETED", 1, 9],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["COMPLETED", 1, 9],
    ]);
  });

  it("says why it stopped a trial, with the rung, the count and the cutoff", () => {
    const first = (lr: number, e: number) => syntheticAccuracy({ name: "gelu" }, { lr }, 0, e).validation;
    const peer = (sample: number, lr: number): TrialSnapshot => ({
      id: `p${sample}`,
      configKey: `g#tune=${sample}`,
      benchmark: "synthetic",
      seed: 0,
      status: "COMPLETED",
      stage: "TUNE",
      groupKey: "g",
      sample,
      curve: [1, 2, 3].map((epoch) => ({ epoch, metric: first(lr, epoch) })),
    });
    const me: TrialSnapshot = { ...peer(9, 5e-5), id: "me", status: "RUNNING", rung: null, epochs: 9, curve: [{ epoch: 1, metric: first(5e-5, 1) }] };
    const decision = asha.shouldPrune(me, [peer(0, 1e-2), peer(1, 1e-3)], "max");
    expect(decision).toEqual({
      prune: true,
      rung: 0,
      reason: `ASHA rung 0 (epoch 1): ${first(5e-5, 1)} is not in the top 1 of 3 at this rung (cutoff ${first(1e-3, 1)})`,
    });
  });
});

describe("AshaPruner: peers, direction, resume and brackets", () => {
  const point = (metric: number, epoch = 1) => ({ epoch, metric });
  const snap = (id: string, metric: number, extra: Partial<TrialSnapshot> = {}): TrialSnapshot => ({
    id,
    configKey: `g#tune=${id}`,
    benchmark: "synthetic",
    seed: 0,
    status: "COMPLETED",
    stage: "TUNE",
    groupKey: "g",
    curve: [point(metric)],
    ...extra,
  });

  it("compares only with peers of the same group, benchmark and stage", () => {
    const me = snap("me", 0.5, { status: "RUNNING", epochs: 9 });
    const others = [snap("a", 0.9, { groupKey: "other" }), snap("b", 0.9, { benchmark: "sleep" }), snap("c", 0.9, { stage: "COMPARE" })];
    expect(asha.shouldPrune(me, others, "max").prune).toBe(false);
    expect(asha.shouldPrune(me, [...others, snap("d", 0.9)], "max").prune).toBe(true);
  });

  it("keeps the lowest values when lower is better", () => {
    const peers = [snap("a", 10), snap("b", 12), snap("c", 14), snap("d", 16), snap("e", 18)];
    // n = 6, keep 2: the two lowest perplexities are 10 and 11.
    expect(asha.shouldPrune(snap("me", 11, { status: "RUNNING", epochs: 9 }), peers, "min").prune).toBe(false);
    expect(asha.shouldPrune(snap("me", 13, { status: "RUNNING", epochs: 9 }), peers, "min").prune).toBe(true);
  });

  it("decides a rung a resumed trial skipped, and never a rung it was decided at", () => {
    const peers = [snap("a", 0.9, { curve: [point(0.9), point(0.95, 3)] })];
    const resumed = snap("me", 0.5, { status: "RUNNING", epochs: 9, rung: null, curve: [point(0.5), point(0.6, 2), point(0.7, 3), point(0.75, 4)] });
    expect(asha.shouldPrune(resumed, peers, "max")).toMatchObject({ prune: true, rung: 0 });
    const decided = { ...resumed, rung: 1 };
    expect(asha.shouldPrune(decided, peers, "max")).toEqual({ prune: false, reason: "no ASHA rung at epoch 4" });
  });

  it("stops a trial whose value at a rung is not finite", () => {
    expect(asha.shouldPrune(snap("me", Number.NaN, { status: "RUNNING", epochs: 9 }), [], "max")).toMatchObject({ prune: true, rung: 0 });
  });

  it("assigns brackets by setting number; a bracket's peers are its own", () => {
    const two = new AshaPruner({ reductionFactor: 2, minResource: 1, brackets: 2 });
    expect([0, 1, 2, 3].map((sample) => two.bracketOf({ sample, configKey: "x", seed: 0 }))).toEqual([0, 1, 0, 1]);
    // bracket 0's first rung is epoch 1; sample 1 (bracket 1) starts at epoch 2 and is not a peer at epoch 1
    const me = snap("me", 0.5, { status: "RUNNING", epochs: 9, sample: 0 });
    expect(two.shouldPrune(me, [snap("a", 0.9, { sample: 1 })], "max").prune).toBe(false);
    expect(two.shouldPrune(me, [snap("a", 0.9, { sample: 2 })], "max").prune).toBe(true);
  });
});
