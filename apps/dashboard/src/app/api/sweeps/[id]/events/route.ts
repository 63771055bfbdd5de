import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";
import { sweepEventStream } from "@/server/sweep-event-stream";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** Server-sent events of one sweep: `summary`, `epoch`, `trial`, and `done` when it ends. */
export const GET = apiHandler<{ id: string }>(async (request, { id: ref }) => {
  const sweeps = serverContext().orchestrator.sweeps;
  const id = await sweepIdOf(ref); // 404 (or 400 when ambiguous) as JSON before the stream starts
  return new Response(sweepEventStream(sweeps, id, request.signal), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
