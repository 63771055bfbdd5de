// Why: EventSource cannot send Authorization, so a page trades its token for a 60 s, single-use
// stream ticket in an HttpOnly, SameSite=Strict cookie scoped to the event streams.
import { apiHandler } from "@/server/api-handler";
import { ticketHolderOf } from "@/server/request-auth";
import { issueStreamTicket, streamCookie } from "@/server/stream-ticket";

export const dynamic = "force-dynamic";

/** 204 with the stream cookie (nothing to set while auth is off). */
export const POST = apiHandler("POST /api/auth/stream-cookie", async (request, _params, caller) => {
  const headers = new Headers({ "cache-control": "no-store" });
  if (caller.scope !== null) {
    const ticket = await issueStreamTicket(ticketHolderOf(caller));
    const secure =
      new URL(request.url).protocol === "https:" ||
      request.headers.get("x-forwarded-proto") === "https";
    headers.set("set-cookie", streamCookie(ticket, secure));
  }
  return new Response(null, { status: 204, headers });
});
