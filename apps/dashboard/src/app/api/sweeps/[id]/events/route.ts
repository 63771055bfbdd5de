import { apiHandler } from "@/server/api-handler";
import { closedWhenAccessEnds } from "@/server/closed-when-access-ends";
import { holderStillValid, ticketHolderOf } from "@/server/request-auth";
import { serverContext } from "@/server/server-context";
import { sweepEventStream } from "@/server/sweep-event-stream";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/**
 * Server-sent events of one sweep: `summary`, `epoch`, `trial`, and `done` when it ends. With
 * auth on it takes a bearer token or the stream cookie (POST /api/auth/stream-cookie), and the
 * stream closes within 15 s of its token being revoked.
 */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/events", async (request, { id: ref }, caller) => {
  const sweeps = serverContext().orchestrator.sweeps;
  const id = await sweepIdOf(ref); // 404 (or 400 when ambiguous) as JSON before the stream starts
  const holder = ticketHolderOf(caller);
  const stream = closedWhenAccessEnds(sweepEventStream(sweeps, id, request.signal), () => holderStillValid(holder));
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
