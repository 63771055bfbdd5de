// Why: `gemsweep table A B …` prints compareTables' result in the table's formats (md, csv, json, tex), spec differences marked.
import type { SweepComparison } from "../table/compare-tables.js";
import type { ComparisonCell } from "../table/comparison-table.js";
import { toCsv } from "./csv.js";
import { ARROW, emptyCellText, meanStd, signed } from "./format-cell.js";
import type { TableFormat } from "./format-table.js";
import { escapeLatex } from "./latex.js";
import { escapeMarkdown } from "./markdown.js";

const DIGITS = 4;

/** A sweep as a heading names it: its name and the first 8 characters of its id. */
function sweepHeading(sweep: { id: string; name: string }): string {
  return `${sweep.name} (${sweep.id.slice(0, 8)})`;
}

function cellText(
  cell: ComparisonCell | null,
  baseline: boolean,
  best: boolean,
  bold: (s: string) => string,
): string {
  if (cell === null) return "not in this sweep";
  const ms = meanStd(cell, DIGITS);
  if (!ms) return emptyCellText(cell, "–");
  let text = ms.std === null ? ms.mean : `${ms.mean} ± ${ms.std}`;
  if (best) text = bold(text);
  const notes = [`n=${cell.n}`];
  if (baseline) notes.push("baseline");
  else if (cell.delta !== null) notes.push(`Δ ${signed(cell.delta, DIGITS)}${cell.mark}`);
  return `${text} (${notes.join(", ")})`;
}

function comparisonMarkdown(c: SweepComparison): string {
  const out: string[] = [];
  out.push(
    `Sweeps compared (${c.value} metric): ${c.sweeps.map((s, i) => `${i + 1}. ${escapeMarkdown(sweepHeading(s))}, baseline ${escapeMarkdown(s.baselineKey)}`).join("; ")}.`,
    "",
  );
  for (const b of c.benchmarks) {
    out.push(
      `### ${escapeMarkdown(b.title)} (${escapeMarkdown(b.metric)} ${ARROW[b.direction]})`,
      "",
    );
    out.push(
      `| Activation | ${c.sweeps.map((s) => escapeMarkdown(sweepHeading(s))).join(" | ")} |`,
    );
    out.push(`| --- | ${c.sweeps.map(() => "---:").join(" | ")} |`);
    for (const row of b.rows) {
      const cells = row.cells.map((cell, i) =>
        escapeMarkdown(
          cellText(cell, row.baseline[i]!, row.bestSweep === i, (s) => `@@${s}@@`),
        ).replace(/@@(.*?)@@/g, "**$1**"),
      );
      out.push(`| ${escapeMarkdown(row.label)} | ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  if (c.benchmarks.length === 0)
    out.push("No benchmark was run by every sweep: nothing to compare side by side.", "");
  for (const u of c.unshared)
    out.push(
      `Not compared: ${escapeMarkdown(u.benchmark)} (run only by ${u.sweepIds.map((id) => id.slice(0, 8)).join(", ")}).`,
    );
  if (c.unshared.length > 0) out.push("");
  const differing = c.spec.filter((f) => f.differs);
  out.push("### Where the specs differ", "");
  if (differing.length === 0) out.push("The specs agree on every compared field.");
  else {
    out.push(`| field | ${c.sweeps.map((s) => escapeMarkdown(sweepHeading(s))).join(" | ")} | |`);
    out.push(`| --- | ${c.sweeps.map(() => "---").join(" | ")} | --- |`);
    for (const f of differing)
      out.push(`| ${escapeMarkdown(f.field)} | ${f.values.map(escapeMarkdown).join(" | ")} | ≠ |`);
  }
  const equal = c.spec.filter((f) => !f.differs).map((f) => f.field);
  if (equal.length > 0)
    out.push("", `Equal in every sweep: ${equal.map(escapeMarkdown).join(", ")}.`);
  out.push(
    "",
    "Mean ± sample std over seeds (n); Δ and significance marks are against each sweep's own baseline; the best sweep of each row in **bold**; ≠ marks a spec field whose value differs.",
  );
  return `${out.join("\n")}\n`;
}

/** Long form: one line per benchmark × config × sweep, with that sweep's value of each differing spec field as `spec.<field>`. */
function comparisonCsv(c: SweepComparison): string {
  const differing = c.spec.filter((f) => f.differs);
  const header = [
    "benchmark",
    "metric",
    "direction",
    "row",
    "label",
    "activation",
    "N",
    "eps",
    "alpha",
    "sweep_id",
    "sweep_name",
    "baseline",
    "n",
    "mean",
    "std",
    "delta",
    "p_value",
    "p_holm",
    "sig",
    "best_sweep",
    "failed",
    "pending",
    ...differing.map((f) => `spec.${f.field}`),
  ];
  const records: (string | number | boolean | null)[][] = [];
  for (const b of c.benchmarks) {
    for (const row of b.rows) {
      c.sweeps.forEach((sweep, i) => {
        const cell = row.cells[i] ?? null;
        records.push([
          b.benchmark,
          b.metric,
          b.direction,
          row.key,
          row.label,
          row.activation?.name ?? null,
          row.activation?.N ?? null,
          row.activation?.eps ?? null,
          row.activation?.alpha ?? null,
          sweep.id,
          sweep.name,
          row.baseline[i] ?? false,
          cell?.n ?? null,
          cell?.mean ?? null,
          cell?.std ?? null,
          cell?.delta ?? null,
          cell?.pValue ?? null,
          cell?.pHolm ?? null,
          cell?.mark ?? null,
          row.bestSweep === i,
          cell?.failed ?? null,
          cell?.pending ?? null,
          ...differing.map((f) => f.values[i] ?? null),
        ]);
      });
    }
  }
  return toCsv(header, records);
}

function comparisonLatex(c: SweepComparison): string {
  const out: string[] = ["% requires \\usepackage{booktabs}"];
  const heads = c.sweeps.map((s) => escapeLatex(sweepHeading(s)));
  for (const b of c.benchmarks) {
    out.push(
      "\\begin{table}[t]",
      "\\centering",
      `\\caption{${escapeLatex(`${b.title}: ${c.value} ${b.metric} ${b.direction === "max" ? "↑" : "↓"}, sweeps side by side`)}}`,
    );
    out.push(
      `\\begin{tabular}{l${"r".repeat(c.sweeps.length)}}`,
      "\\toprule",
      `Activation & ${heads.join(" & ")} \\\\`,
      "\\midrule",
    );
    for (const row of b.rows) {
      const cells = row.cells.map((cell, i) => {
        if (cell === null) return "--";
        const ms = meanStd(cell, DIGITS);
        if (!ms) return cell.noValidation > 0 ? "no validation" : "--";
        let text = ms.std === null ? ms.mean : `${ms.mean} $\\pm$ ${ms.std}`;
        if (row.bestSweep === i) text = `\\textbf{${text}}`;
        if (cell.mark) text += `$^{${cell.mark.replace(/\*/g, "\\ast")}}$`;
        if (row.baseline[i]) text += " (b)";
        return text;
      });
      out.push(`${escapeLatex(row.label)} & ${cells.join(" & ")} \\\\`);
    }
    out.push(
      "\\bottomrule",
      "\\end{tabular}",
      "\\par\\smallskip\\footnotesize Mean $\\pm$ sample std over seeds; best sweep per row in bold; (b): that sweep's baseline; marks: paired t-test vs each sweep's baseline, Holm-corrected.",
      "\\end{table}",
    );
  }
  const differing = c.spec.filter((f) => f.differs);
  out.push(
    "\\begin{table}[t]",
    "\\centering",
    "\\caption{Spec fields that differ between the compared sweeps}",
  );
  out.push(
    `\\begin{tabular}{l${"l".repeat(c.sweeps.length)}}`,
    "\\toprule",
    `Field & ${heads.join(" & ")} \\\\`,
    "\\midrule",
  );
  for (const f of differing)
    out.push(`${escapeLatex(f.field)} & ${f.values.map(escapeLatex).join(" & ")} \\\\`);
  if (differing.length === 0)
    out.push(
      `\\multicolumn{${c.sweeps.length + 1}}{l}{the specs agree on every compared field} \\\\`,
    );
  out.push("\\bottomrule", "\\end{tabular}", "\\end{table}");
  return `${out.join("\n")}\n`;
}

/** Two or more sweeps compared (compareTables) in one of the table formats. */
export function formatComparison(comparison: SweepComparison, format: TableFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(comparison, null, 2)}\n`;
    case "csv":
      return comparisonCsv(comparison);
    case "md":
      return comparisonMarkdown(comparison);
    case "tex":
      return comparisonLatex(comparison);
  }
}
