import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";
import { sweepEventStream } from "@/server/sweep-event-stream";

export const dynamic = "force-dynamic";

/** Server-sent events of one sweep: `summary`, `epoch`, `trial`, and `done` when it ends. */
export const GET = apiHandler<{ id: string }>(async (request, { id }) => {
  const sweeps = serverContext().orchestrator.sweeps;
  await sweeps.getSweepSpec(id); // 404 as JSON before the stream starts
  return new Response(sweepEventStream(sweeps, id, request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
