// Why: "a crash between stages loses nothing" is tested by killing a real process exactly at
// the moment of the transition; this is the one hook those tests set, and it does nothing otherwise.

/** The moments a test may kill a process at. */
export type CrashPoint =
  /** a worker recorded a tuning trial's end and has not yet asked the orchestrator to open stage 2 */
  | "tuning-trial-finished"
  /** the orchestrator committed a stage transition and has not yet queued the opened trials */
  | "stage-transition-committed";

/** Kills this process with SIGKILL (no cleanup, as a power cut) when GEMSWEEP_CRASH_AT names this point. */
export function crashPoint(point: CrashPoint): void {
  if (process.env.GEMSWEEP_CRASH_AT === point) process.kill(process.pid, "SIGKILL");
}
