import { sweptLabel } from "../overrides/swept-values.js";
import type { ComparisonTable } from "../table/comparison-table.js";
import { columnMaxN, meanStd, signed, type CellFormatOptions } from "./format-cell.js";

const LATEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  ε: "$\\varepsilon$",
  α: "$\\alpha$",
  Δ: "$\\Delta$",
  "±": "$\\pm$",
  "↑": "$\\uparrow$",
  "↓": "$\\downarrow$",
  "≥": "$\\geq$",
  "−": "$-$",
};

/** Escapes text for LaTeX text mode (the Greek letters our labels use become math). */
export function escapeLatex(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>εαΔ±↑↓≥−]/g, (ch) => LATEX_SPECIALS[ch]!).replace(/\r?\n/g, " ");
}

export interface LatexOptions extends CellFormatOptions {
  caption?: string;
  label?: string;
}

/** A booktabs table: mean $\pm$ std, best per column in \textbf, marks as superscripts. */
export function tableToLatex(table: ComparisonTable, options: LatexOptions = {}): string {
  const digits = options.digits ?? 4;
  const showDelta = options.showDelta ?? false;
  const showN = options.showN ?? true;
  const maxN = table.columns.map((_, i) => columnMaxN(table, i));
  const out: string[] = [];
  out.push("% requires \\usepackage{booktabs}");
  out.push("\\begin{table}[t]", "\\centering");
  if (options.caption) out.push(`\\caption{${escapeLatex(options.caption)}}`);
  if (options.label) out.push(`\\label{${options.label.replace(/[^A-Za-z0-9:._-]/g, "")}}`);
  out.push(`\\begin{tabular}{l${"r".repeat(table.columns.length)}}`, "\\toprule");
  const heads = table.columns.map(
    (c) =>
      `${escapeLatex(c.title)} (${escapeLatex(c.metric)} ${c.direction === "max" ? "$\\uparrow$" : "$\\downarrow$"})`,
  );
  out.push(`Activation & ${heads.join(" & ")} \\\\`, "\\midrule");
  for (const row of table.rows) {
    const label = escapeLatex(row.label) + (row.isBaseline ? " (baseline)" : "");
    const cells = row.cells.map((c, i) => {
      const ms = meanStd(c, digits);
      if (!ms) return c.noValidation > 0 ? "no validation" : "--";
      let text = ms.std === null ? ms.mean : `${ms.mean} $\\pm$ ${ms.std}`;
      if (c.best) text = `\\textbf{${text}}`;
      if (c.mark) text += `$^{${c.mark.replace(/\*/g, "\\ast")}}$`;
      if (showDelta && c.delta !== null) text += ` (${signed(c.delta, digits)})`;
      if (showN && c.n !== maxN[i]) text += ` {\\scriptsize n=${c.n}}`;
      if (c.chosen) text += ` {\\scriptsize ${escapeLatex(sweptLabel(c.chosen, "*"))}}`;
      return text;
    });
    out.push(`${label} & ${cells.join(" & ")} \\\\`);
  }
  out.push("\\bottomrule", "\\end{tabular}");
  const levels = table.significance.levels
    .map((l) => `$^{${l.mark.replace(/\*/g, "\\ast")}}$ $p<${l.below}$`)
    .join(", ");
  out.push(
    `\\par\\smallskip\\footnotesize Mean $\\pm$ sample std over seeds; best per column in bold. ${escapeLatex(table.significance.test)}, ${escapeLatex(table.significance.correction)}: ${levels}.${table.stage?.tuned ? ` ${escapeLatex(table.stage.note)}.` : ""}`,
  );
  out.push("\\end{table}");
  return `${out.join("\n")}\n`;
}
