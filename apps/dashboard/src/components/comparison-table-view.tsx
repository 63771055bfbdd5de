import { sweptLabel } from "@gemsweep/core/swept-values";
import type { ComparisonTableJson, TableCell } from "@/lib/api-types";
import { fmt, fmtP, fmtSigned } from "@/lib/format";

function CellView({ cell, isBaseline, metric, twoStage }: { cell: TableCell; isBaseline: boolean; metric: string; twoStage: boolean }) {
  if (cell.n === 0) {
    // A benchmark without a metric (sleep) ends its trials with none: that is not a failure.
    const ended = metric === "none" ? `no metric (${cell.failed})` : `failed (${cell.failed})`;
    if (twoStage && cell.pending > 0 && !cell.chosen) return <span className="muted">tuning ({cell.pending} waiting)</span>;
    return <span className="muted">{cell.pending > 0 ? `pending (${cell.pending})` : cell.noValidation > 0 ? "no validation" : cell.failed > 0 ? ended : "–"}</span>;
  }
  return (
    <>
      <span className="mean">
        {fmt(cell.mean)}
        {cell.std !== null ? <span className="std"> ± {fmt(cell.std, 2)}</span> : null}
        {cell.mark ? <sup className="mark">{cell.mark}</sup> : null}
      </span>
      <span className="cell-meta">
        n={cell.n}
        {cell.pending > 0 ? ` · ${cell.pending} pending` : ""}
        {cell.failed > 0 ? ` · ${cell.failed} failed` : ""}
        {!isBaseline && cell.delta !== null ? ` · Δ ${fmtSigned(cell.delta)}` : ""}
        {!isBaseline && cell.pHolm !== null ? ` · p ${fmtP(cell.pHolm)}` : ""}
      </span>
      {cell.chosen ? (
        <span className="cell-meta chosen" data-testid="cell-chosen" title="chosen on validation by stage 1">
          {sweptLabel(cell.chosen, "*")}
        </span>
      ) : null}
    </>
  );
}

/**
 * The paper's table: mean ± std over completed seeds per (config, benchmark), Δ and the
 * Holm-corrected paired p vs the baseline, significance marks, the best cell per column.
 */
export function ComparisonTableView({ table }: { table: ComparisonTableJson }) {
  return (
    <div className="table-scroll">
      <table className="grid comparison" data-testid="comparison-table">
        <thead>
          <tr>
            <th>Activation</th>
            {table.columns.map((c) => (
              <th key={c.benchmark}>
                {c.title}
                <span className="muted small">
                  {" "}
                  {c.metric} {c.direction === "max" ? "↑" : "↓"}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} className={row.isBaseline ? "baseline" : undefined}>
              <th scope="row">
                {row.label}
                {row.isBaseline ? <span className="tag">baseline</span> : null}
              </th>
              {row.cells.map((cell, i) => (
                <td key={i} className={cell.best ? "best" : undefined} title={cell.best ? "best in column" : undefined}>
                  <CellView cell={cell} isBaseline={row.isBaseline} metric={table.columns[i]?.metric ?? ""} twoStage={Boolean(table.stage?.tuned)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Mean ± sample std over completed seeds. Paired t-test over seeds vs the baseline, Holm-corrected per column: *** p &lt; 0.001, ** p &lt; 0.01, * p &lt; 0.05.
        Highlighted: best mean per column.
        {table.stage?.tuned ? <span data-testid="table-stage"> Numbers: {table.stage.note}.</span> : null}
      </p>
    </div>
  );
}
