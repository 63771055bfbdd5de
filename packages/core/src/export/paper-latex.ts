import { sweptLabel } from "../overrides/swept-values.js";
import type { ComparisonTable } from "../table/comparison-table.js";
import { escapeLatex, type LatexOptions } from "./latex.js";
import { baselineName, paperLegend, paperView } from "./paper-style.js";

/** The paper-style booktabs table: per benchmark the metric (accuracy in %), the gap in points, dead % and near-dead %. */
export function tableToPaperLatex(table: ComparisonTable, options: LatexOptions = {}): string {
  const view = paperView(table);
  const base = baselineName(table);
  const out: string[] = ["% requires \\usepackage{booktabs}", "\\begin{table}[t]", "\\centering"];
  if (options.caption) out.push(`\\caption{${escapeLatex(options.caption)}}`);
  if (options.label) out.push(`\\label{${options.label.replace(/[^A-Za-z0-9:._-]/g, "")}}`);
  out.push(`\\begin{tabular}{l${"rrrr".repeat(view.columns.length)}}`, "\\toprule");
  const groups = view.columns.map((c) => `\\multicolumn{4}{c}{${escapeLatex(c.title)}}`);
  out.push(`& ${groups.join(" & ")} \\\\`);
  out.push(view.columns.map((_, i) => `\\cmidrule(lr){${2 + 4 * i}-${5 + 4 * i}}`).join(" "));
  const heads = view.columns.map((c) => {
    const arrow = c.direction === "max" ? "$\\uparrow$" : "$\\downarrow$";
    const metric = c.unit === "%" ? "Acc. (\\%)" : escapeLatex(c.metric);
    return `${metric} ${arrow} & Gap to ${escapeLatex(base)} (${escapeLatex(c.gapUnit)}) & Dead (\\%) & Near-dead (\\%)`;
  });
  out.push(`Activation & ${heads.join(" & ")} \\\\`, "\\midrule");
  view.rows.forEach((row, r) => {
    const label = escapeLatex(row.label) + (row.isBaseline ? " (baseline)" : "");
    const cells = row.cells.flatMap((c, i) => {
      let text = c.mean === null ? (c.text === "–" ? "--" : escapeLatex(c.text)) : escapeLatex(c.text);
      if (c.best && c.mean !== null) text = `\\textbf{${text}}`;
      const chosen = table.rows[r]!.cells[i]!.chosen;
      if (chosen) text += ` {\\scriptsize ${escapeLatex(sweptLabel(chosen, "*"))}}`;
      const gap = row.isBaseline || c.gap === null ? "--" : `${c.gapText.replace(/\*+$/, "")}${c.mark ? `$^{${c.mark.replace(/\*/g, "\\ast")}}$` : ""}`;
      const dash = (t: string) => (t === "–" ? "--" : t);
      return [text, gap, dash(c.deadText), dash(c.nearDeadText)];
    });
    out.push(`${label} & ${cells.join(" & ")} \\\\`);
  });
  out.push("\\bottomrule", "\\end{tabular}");
  out.push(`\\par\\smallskip\\footnotesize ${escapeLatex(paperLegend(table))}${table.stage?.tuned ? ` ${escapeLatex(table.stage.note)}.` : ""}`);
  out.push("\\end{table}");
  return `${out.join("\n")}\n`;
}
