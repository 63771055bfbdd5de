import { sweptLabel } from "../overrides/swept-values.js";
import type { ComparisonTable } from "../table/comparison-table.js";
import { ARROW, columnMaxN } from "./format-cell.js";
import { escapeMarkdown, significanceLegend } from "./markdown.js";
import { baselineName, paperLegend, paperView } from "./paper-style.js";

/**
 * The paper-style Markdown table: per benchmark four columns, the metric (accuracy in %),
 * the gap to the baseline in points, and the dead and near-dead unit percentages.
 */
export function tableToPaperMarkdown(table: ComparisonTable): string {
  const view = paperView(table);
  const base = baselineName(table);
  const header = ["Activation"];
  for (const c of view.columns) {
    header.push(`${c.title} (${c.unit === "%" ? "acc. %" : c.unit} ${ARROW[c.direction]})`, `gap to ${base} (${c.gapUnit})`, "dead %", "near-dead %");
  }
  const lines = [`| ${header.map(escapeMarkdown).join(" | ")} |`, `| ${["---", ...view.columns.flatMap(() => ["---:", "---:", "---:", "---:"])].join(" | ")} |`];
  const maxN = table.columns.map((_, i) => columnMaxN(table, i));
  view.rows.forEach((row, r) => {
    const label = escapeMarkdown(row.label) + (row.isBaseline ? " (baseline)" : "");
    const cells = row.cells.flatMap((c, i) => {
      let text = c.best && c.mean !== null ? `**${c.text}**` : c.text;
      const notes: string[] = [];
      if (c.mean !== null && c.n !== maxN[i]) notes.push(`n=${c.n}`);
      const chosen = table.rows[r]!.cells[i]!.chosen;
      if (chosen) notes.push(escapeMarkdown(sweptLabel(chosen, "*")));
      if (notes.length > 0) text += ` (${notes.join(", ")})`;
      return [text, escapeMarkdown(row.isBaseline ? "–" : c.gapText), c.deadText, c.nearDeadText];
    });
    lines.push(`| ${[label, ...cells].join(" | ")} |`);
  });
  const legend = [
    paperLegend(table),
    table.rows.some((r) => r.isBaseline) ? `${significanceLegend(table)}.` : "No baseline row: no gaps or tests.",
    ...(table.stage?.tuned ? [`Numbers: ${table.stage.note}.`] : []),
  ];
  return `${lines.join("\n")}\n\n${escapeMarkdown(legend.join(" "))}\n`;
}
