import { TRIAL_STATUS_ORDER, type StatusCounts } from "@/lib/api-types";

/** Trials by status as one stacked bar, finished states first. */
export function ProgressBar({ counts, total }: { counts: StatusCounts; total: number }) {
  const finished = total - counts.WAITING - counts.QUEUED - counts.RUNNING;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={finished} title={`${finished} of ${total} trials finished`}>
      {TRIAL_STATUS_ORDER.filter((s) => counts[s] > 0 && s !== "QUEUED" && s !== "WAITING").map((s) => (
        <span key={s} className={`progress-${s.toLowerCase()}`} style={{ width: `${(100 * counts[s]) / Math.max(total, 1)}%` }} />
      ))}
    </div>
  );
}

export function CountsLine({ counts }: { counts: StatusCounts }) {
  return (
    <span className="counts">
      {TRIAL_STATUS_ORDER.filter((s) => counts[s] > 0).map((s) => (
        <span key={s} className={`count count-${s.toLowerCase()}`}>
          {counts[s]} {s.toLowerCase()}
        </span>
      ))}
    </span>
  );
}
