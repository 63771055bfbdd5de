// Why: a result is only as good as the record of where it was made: the commit it ran, the CPU,
// how busy the machine was when it started and ended, and the backend the workers trained on.
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";

export interface RunRecord {
  sweepId: string;
  variant: string;
  commit: string;
  cpu: string;
  cores: number;
  node: string;
  backend: string;
  workers: number;
  /** 1, 5 and 15-minute load averages when the run started and ended */
  loadStart: number[];
  loadEnd: number[];
  startedAt: string;
  endedAt: string;
}

/** The commit the working tree is at, with `(modified)` when tracked files differ from it. */
export function gitCommit(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], {
      encoding: "utf8",
    }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
        encoding: "utf8",
      }).trim() !== "";
    return dirty ? `${head} (modified)` : head;
  } catch {
    return "unknown (not a git checkout)";
  }
}

export function cpuModel(): string {
  return cpus()[0]?.model.trim() ?? "unknown";
}

export function coreCount(): number {
  return cpus().length;
}

export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
