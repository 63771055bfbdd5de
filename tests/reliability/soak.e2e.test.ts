import { describe, expect, it } from "vitest";
import { runSoak } from "../../scripts/soak/run-soak.js";

// The chaos soak (`npm run soak`, scripts/soak/) in its short CI form: 2 minutes of chaos on its
// own Redis + PostgreSQL (free ports, a temporary state folder) and three real workers. Every
// fault of the full run happens at least once: SIGKILLs every 5-15 s, a drain, a Redis and a
// PostgreSQL restart, a worker cut off for 30-60 s, the checkpoint tmpfs filled (as root; without
// root the soak skips it and says so). The figures are printed; only correctness is asserted.
describe("reliability: the chaos soak, 2-minute CI version", () => {
  it("every fault once or more; then 0 lost, 0 duplicated, 0 stuck, the table equal to the raw rows", async () => {
    const report = await runSoak({ trials: 300, minutes: 2, workers: 3, seed: 7, concurrency: 4 });
    console.log(report.line);
    for (const r of report.recoveries) {
      const s = (ms: number | null) => (ms === null ? "none" : (ms / 1000).toFixed(1));
      console.log(`soak-ci: ${r.fault.kind}${r.fault.worker ? ` ${r.fault.worker}` : ""} held=${r.fault.held.length} recovery_s=${s(r.recoveryMs)} takeover_s=${s(r.takeoverMs)}${r.fault.note ? ` (${r.fault.note})` : ""}`);
    }
    expect(report.violations, `soak log: ${report.logFile}`).toEqual([]);
    expect(report.audit).toMatchObject({ lost: 0, duplicated: 0, stuck: 0, tableMismatches: 0 });
    expect(report.audit.trials).toBe(report.audit.completed + report.audit.diverged);
    expect(report.audit.completed).toBeGreaterThan(0);
    const kinds = new Set(report.recoveries.map((r) => r.fault.kind));
    const expected = ["kill-worker", "drain-worker", "restart-redis", "restart-postgres", "partition-worker"];
    if (process.getuid?.() === 0) expected.push("fill-checkpoints");
    expect([...kinds].sort()).toEqual(expect.arrayContaining(expected.sort()));
    expect(report.recoveries.filter((r) => r.fault.kind === "kill-worker").length).toBeGreaterThanOrEqual(6);
  }, 480_000);
});
