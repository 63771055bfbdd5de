import cliProgress from "cli-progress";
import type { GemSweepStorage } from "@gemsweep/db";

/**
 * Progress of one sweep, read from the database (the truth, whichever worker runs what):
 * an overall bar plus one bar per running trial on a terminal; plain lines elsewhere (CI, pipes).
 */
export class SweepProgress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private multibar?: cliProgress.MultiBar;
  private overall?: cliProgress.SingleBar;
  private readonly trialBars = new Map<string, cliProgress.SingleBar>();
  private lastEnded = -1;

  constructor(
    private readonly storage: Pick<GemSweepStorage, "sweepProgress">,
    private readonly sweepId: string,
    private readonly total: number,
  ) {
    if (this.tty) {
      this.multibar = new cliProgress.MultiBar(
        {
          clearOnComplete: false,
          hideCursor: true,
          format: " {bar} {value}/{total} {label}",
          barsize: 24,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      this.overall = this.multibar.create(total, 0, { label: "trials ended" });
    }
  }

  log(line: string): void {
    if (this.multibar) this.multibar.log(`${line}\n`);
    else console.error(line);
  }

  /** Refreshes from the database; returns how many trials have ended. */
  async update(): Promise<{ ended: number; failed: number }> {
    const progress = await this.storage.sweepProgress(this.sweepId);
    const { ended } = progress;
    const failed = progress.counts.FAILED;
    const rows = progress.running.map((t) => ({ ...t, label: `${t.configKey} seed ${t.seed}` }));
    if (this.multibar && this.overall) {
      this.overall.update(ended, { label: `trials ended${failed ? ` (${failed} failed)` : ""}` });
      for (const [id, bar] of this.trialBars) {
        if (!rows.some((r) => r.id === id)) {
          this.multibar.remove(bar);
          this.trialBars.delete(id);
        }
      }
      for (const row of rows) {
        const bar =
          this.trialBars.get(row.id) ?? this.multibar.create(row.epochs, 0, { label: row.label });
        this.trialBars.set(row.id, bar);
        bar.update(row.epochsDone, { label: `epochs  ${row.label}` });
      }
    } else if (ended !== this.lastEnded) {
      console.error(
        `progress: ${ended}/${this.total} trials ended, ${rows.length} running${failed ? `, ${failed} failed` : ""}`,
      );
    }
    this.lastEnded = ended;
    return { ended, failed };
  }

  stop(): void {
    this.multibar?.stop();
  }
}
