import { Command } from "commander";
import { withOrchestrator } from "../with-orchestrator.js";

/** `gemsweep cancel ID`: queued trials are dropped, running ones stop at their next batch. */
export function cancelCommand(): Command {
  return new Command("cancel")
    .description("cancel a sweep: queued trials never run, running ones stop at their next step")
    .argument("<ID>", "sweep id")
    .action(async (id: string) => {
      const { cancelled } = await withOrchestrator(({ orchestrator }) => orchestrator.cancel(id));
      console.log(`cancelled ${cancelled} trials of ${id}`);
    });
}

/** `gemsweep resume ID`: everything not finished goes back on the queue, nothing twice. */
export function resumeCommand(): Command {
  return new Command("resume")
    .description("re-enqueue every trial of a sweep that has not finished (cancelled ones too)")
    .argument("<ID>", "sweep id")
    .action(async (id: string) => {
      const { requeued } = await withOrchestrator(({ orchestrator }) => orchestrator.resume(id));
      console.log(`re-enqueued ${requeued} trials of ${id}; run workers with: gemsweep worker`);
    });
}
