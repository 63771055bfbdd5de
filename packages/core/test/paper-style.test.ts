import { describe, expect, it } from "vitest";
import { activationKey, type Activation } from "@gemsweep/contracts";
import { buildComparisonTable, configKeyOf, formatTable, paperView, type TableTrialRow } from "../src/index.js";

// Paper-style cells against numbers worked out by hand (comments give the arithmetic).

const GELU: Activation = { name: "gelu" };
const EGEM: Activation = { name: "e-gem", N: 1, eps: 0.01 };
const EGEM2: Activation = { name: "e-gem", N: 1, eps: 0.1 };

function trial(benchmark: string, activation: Activation, seed: number, metric: number, health: Partial<TableTrialRow> = {}): TableTrialRow {
  return { benchmark, configKey: configKeyOf(benchmark, activationKey(activation)), activation, seed, status: "COMPLETED", finalMetric: metric, ...health };
}

const TRIALS: TableTrialRow[] = [
  // accuracy: GELU mean (0.9250 + 0.9270) / 2 = 0.9260 -> 92.60; std |0.002| / √2 = 0.001414 -> 0.14
  trial("fashion-mnist-mlp", GELU, 0, 0.925, { deadFraction: 0.1, nearDeadFraction: 0.3, bestDeadFraction: 0.7, bestNearDeadFraction: 0.9, bestMetric: 0.92, bestEpoch: 1 }),
  trial("fashion-mnist-mlp", GELU, 1, 0.927, { deadFraction: 0.2, nearDeadFraction: 0.5, bestDeadFraction: 0.7, bestNearDeadFraction: 0.9, bestMetric: 0.92, bestEpoch: 1 }),
  // E-GEM ε=0.01: mean (0.92534 + 0.93126) / 2 = 0.9283 -> 92.83; std 0.00592 / √2 = 0.004186 -> 0.42;
  // gap 0.9283 - 0.9260 = 0.0023 -> +0.23 points; dead (0 + 0) / 2 = 0.00 %; near-dead (0.06 + 0.1) / 2 = 8.00 %
  trial("fashion-mnist-mlp", EGEM, 0, 0.92534, { deadFraction: 0, nearDeadFraction: 0.06, bestDeadFraction: 0, bestNearDeadFraction: 0.02, bestMetric: 0.93, bestEpoch: 1 }),
  trial("fashion-mnist-mlp", EGEM, 1, 0.93126, { deadFraction: 0, nearDeadFraction: 0.1, bestDeadFraction: 0, bestNearDeadFraction: 0.04, bestMetric: 0.93, bestEpoch: 1 }),
  // E-GEM ε=0.1: one seed recorded no health: the means are over the seed that did
  trial("fashion-mnist-mlp", EGEM2, 0, 0.9, { deadFraction: 0.25, nearDeadFraction: 0.5 }),
  trial("fashion-mnist-mlp", EGEM2, 1, 0.91, { deadFraction: null, nearDeadFraction: null }),
  // perplexity, in its own unit: GELU 12.20 ± 0.28 (std 0.4 / √2 = 0.2828), E-GEM 11.70, gap -0.50
  trial("lm-tiny", GELU, 0, 12.0),
  trial("lm-tiny", GELU, 1, 12.4),
  trial("lm-tiny", EGEM, 0, 11.5),
  trial("lm-tiny", EGEM, 1, 11.9),
];

const options = { baseline: "gelu", columnOrder: ["fashion-mnist-mlp", "lm-tiny"] };

describe("paper-style cells", () => {
  const table = buildComparisonTable(TRIALS, options);
  const view = paperView(table);
  const row = (key: string) => view.rows.find((r) => r.key === key)!;

  it("show accuracy in percent at 2 decimals, with the gap to the baseline in points", () => {
    expect(view.columns.map((c) => [c.unit, c.gapUnit])).toEqual([
      ["%", "points"],
      ["perplexity", "perplexity"],
    ]);
    const gelu = row("gelu").cells[0]!;
    expect([gelu.mean, gelu.std, gelu.gap, gelu.text, gelu.gapText]).toEqual([92.6, 0.14, null, "92.60 ± 0.14", "–"]);
    const egem = row("e-gem|N=1|eps=0.01").cells[0]!;
    expect([egem.mean, egem.std, egem.gap, egem.text]).toEqual([92.83, 0.42, 0.23, "92.83 ± 0.42"]);
    expect(egem.gapText).toBe(`+0.23${egem.mark}`);
  });

  it("keep loss-like metrics in their own unit, the gap too", () => {
    const egem = row("e-gem|N=1|eps=0.01").cells[1]!;
    expect([egem.mean, egem.std, egem.gap, egem.text]).toEqual([11.7, 0.28, -0.5, "11.70 ± 0.28"]);
    expect(egem.gapText.startsWith("-0.50")).toBe(true);
  });

  it("carry dead and near-dead as the mean over the seeds that recorded them, at the final epoch", () => {
    const egem = table.rows.find((r) => r.key === "e-gem|N=1|eps=0.01")!.cells[0]!;
    expect(egem.deadFraction).toBe(0);
    expect(egem.nearDeadFraction).toBeCloseTo(0.08, 12);
    expect([row("e-gem|N=1|eps=0.01").cells[0]!.deadText, row("e-gem|N=1|eps=0.01").cells[0]!.nearDeadText]).toEqual(["0.00", "8.00"]);
    expect(row("gelu").cells[0]!.deadPercent).toBe(15); // (0.1 + 0.2) / 2
    expect(row("gelu").cells[0]!.nearDeadPercent).toBe(40); // (0.3 + 0.5) / 2
    expect(row("e-gem|N=1|eps=0.1").cells[0]!.deadPercent).toBe(25);
    // no trial of lm-tiny recorded health
    expect(row("gelu").cells[1]!.deadText).toBe("–");
  });

  it("carry them at the best-validation epoch for value: best", () => {
    const best = paperView(buildComparisonTable(TRIALS, { ...options, value: "best" }));
    expect(best.epoch).toBe("best-validation");
    const cells = best.rows.map((r) => [r.key, r.cells[0]!.deadPercent, r.cells[0]!.nearDeadPercent]);
    expect(cells.slice(0, 2)).toEqual([
      ["gelu", 70, 90],
      ["e-gem|N=1|eps=0.01", 0, 3], // (0.02 + 0.04) / 2
    ]);
  });

  it("round at the paper's precision", () => {
    // 0.92534 -> 92.534 -> 92.53; gap 0.92534 - 0.92412 = 0.00122 -> +0.12
    const one = buildComparisonTable(
      [trial("fashion-mnist-mlp", GELU, 0, 0.92412), trial("fashion-mnist-mlp", EGEM, 0, 0.92534)],
      { baseline: "gelu" },
    );
    const cell = paperView(one).rows[1]!.cells[0]!;
    expect([cell.text, cell.gapText, cell.std]).toEqual(["92.53", "+0.12", null]);
  });
});

describe("paper-style exports", () => {
  const table = buildComparisonTable(TRIALS, options);

  it("Markdown: per benchmark the metric, the gap, dead % and near-dead %", () => {
    const md = formatTable(table, "md", { style: "paper" });
    const lines = md.split("\n");
    expect(lines[0]).toBe(
      "| Activation | Fashion-MNIST, MLP (acc. % ↑) | gap to GELU (points) | dead % | near-dead % | Tiny character LM (perplexity ↓) | gap to GELU (perplexity) | dead % | near-dead % |",
    );
    expect(lines[2]).toBe("| GELU (baseline) | 92.60 ± 0.14 | – | 15.00 | 40.00 | 12.20 ± 0.28 | – | – | – |");
    expect(lines[3]!.startsWith("| E-GEM (N=1, ε=0.01) | **92.83 ± 0.42** | +0.23")).toBe(true);
    expect(md).toContain("pre-activation is negative on ≥ 99%");
  });

  it("LaTeX: percent signs escaped, ± as math, a group of four columns per benchmark", () => {
    const tex = formatTable(table, "tex", { style: "paper" });
    expect(tex).toContain("\\multicolumn{4}{c}{Fashion-MNIST, MLP}");
    expect(tex).toContain("Acc. (\\%) $\\uparrow$ & Gap to GELU (points) & Dead (\\%) & Near-dead (\\%)");
    expect(tex).toContain("GELU (baseline) & 92.60 $\\pm$ 0.14 & -- & 15.00 & 40.00 &");
  });

  it("JSON: the table's data plus the paper view", () => {
    const json = JSON.parse(formatTable(table, "json", { style: "paper" })) as { style: string; rows: { cells: { deadFraction: number }[] }[]; paper: { rows: { cells: { text: string }[] }[] } };
    expect(json.style).toBe("paper");
    expect(json.rows[0]!.cells[0]!.deadFraction).toBeCloseTo(0.15, 12);
    expect(json.paper.rows[0]!.cells[0]!.text).toBe("92.60 ± 0.14");
    // the default JSON carries the unit fractions too, without the paper view
    const plain = JSON.parse(formatTable(table, "json")) as { paper?: unknown; rows: { cells: { nearDeadFraction: number }[] }[] };
    expect(plain.paper).toBeUndefined();
    expect(plain.rows[0]!.cells[0]!.nearDeadFraction).toBeCloseTo(0.4, 12);
  });

  it("the ε ablation pivot, in paper style: the family's ε values against the baseline", () => {
    const pivoted = buildComparisonTable(TRIALS, { ...options, pivot: { by: "eps", family: "e-gem" } });
    const md = formatTable(pivoted, "md", { style: "paper" }).split("\n");
    expect(md.slice(2, 5).map((l) => l.split(" | ").slice(0, 3).join(" | "))).toEqual([
      "| GELU (baseline) | 92.60 ± 0.14 | –",
      "| E-GEM ε=0.01 | **92.83 ± 0.42** | +0.23" + (paperView(pivoted).rows[1]!.cells[0]!.mark ? "\\*" : ""),
      "| E-GEM ε=0.1 | 90.50 ± 0.71 | -2.10",
    ]);
  });
});
