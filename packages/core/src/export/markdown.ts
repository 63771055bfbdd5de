import { activationLabel } from "@gemsweep/contracts";
import { sweptLabel } from "../overrides/swept-values.js";
import type { ComparisonTable } from "../table/comparison-table.js";
import {
  columnHeading,
  columnMaxN,
  emptyCellText,
  meanStd,
  signed,
  type CellFormatOptions,
} from "./format-cell.js";

/** Escapes text for a GitHub table cell: pipes, emphasis, code, links and HTML stay literal. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|]/g, (ch) => `\\${ch}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

export function significanceLegend(table: ComparisonTable): string {
  const levels = table.significance.levels.map((l) => `${l.mark} p < ${l.below}`).join(", ");
  return `${table.significance.test}; ${table.significance.correction}: ${levels}`;
}

/**
 * GitHub-flavoured Markdown table: mean ± std per cell, best per column in bold, delta vs the
 * baseline with significance marks, and a legend below.
 */
export function tableToMarkdown(table: ComparisonTable, options: CellFormatOptions = {}): string {
  const digits = options.digits ?? 4;
  const showDelta = options.showDelta ?? true;
  const showN = options.showN ?? true;
  const header = ["Activation", ...table.columns.map(columnHeading)].map(escapeMarkdown);
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${["---", ...table.columns.map(() => "---:")].join(" | ")} |`,
  ];
  const maxN = table.columns.map((_, i) => columnMaxN(table, i));

  for (const row of table.rows) {
    const label = escapeMarkdown(row.label) + (row.isBaseline ? " (baseline)" : "");
    const cells = row.cells.map((c, i) => {
      const ms = meanStd(c, digits);
      if (!ms) return emptyCellText(c, "–");
      let text = ms.std === null ? ms.mean : `${ms.mean} ± ${ms.std}`;
      if (c.best) text = `**${text}**`;
      const notes: string[] = [];
      if (showN && c.n !== maxN[i]) notes.push(`n=${c.n}`);
      if (showDelta && c.delta !== null)
        notes.push(`Δ ${signed(c.delta, digits)}${escapeMarkdown(c.mark)}`);
      else if (c.mark) text += escapeMarkdown(c.mark);
      if (c.chosen) notes.push(escapeMarkdown(sweptLabel(c.chosen, "*")));
      return notes.length > 0 ? `${text} (${notes.join(", ")})` : text;
    });
    lines.push(`| ${[label, ...cells].join(" | ")} |`);
  }

  const baseline = table.rows.find((r) => r.isBaseline);
  const legend = [
    `Mean ± sample std over completed seeds${showN ? " (n shown where seeds are missing)" : ""}; best per column in **bold**.`,
    baseline
      ? `Δ: difference to the baseline ${escapeMarkdown(baselineText(table, baseline))}. ${significanceLegend(table).replace(/\*/g, "\\*")}.`
      : "No baseline row: no deltas or tests.",
    ...(table.stage?.tuned ? [`Numbers: ${escapeMarkdown(table.stage.note)}.`] : []),
  ];
  return `${lines.join("\n")}\n\n${legend.join(" ")}\n`;
}

/** The baseline as the legend names it: its label, or its activation's rows when swept values split it into several. */
function baselineText(table: ComparisonTable, baseline: ComparisonTable["rows"][number]): string {
  const several = table.rows.filter((r) => r.isBaseline).length > 1;
  if (!several || !baseline.activation) return baseline.label;
  return `${activationLabel(baseline.activation)} row with the same swept values`;
}
