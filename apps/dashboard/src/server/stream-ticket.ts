// Why: EventSource cannot send an Authorization header, so a page trades its token for a
// single-use ticket that lives 60 s in Redis and travels in an HttpOnly, SameSite=Strict cookie.
import { ErrorCode, GemSweepError, type ApiScope } from "@gemsweep/contracts";
import { createHash, randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { serviceUrls } from "./service-urls";

export const STREAM_COOKIE = "gemsweep_stream";
export const STREAM_TICKET_SECONDS = 60;

/** Who a ticket was issued to: enough to check, at redemption, that they still may read. */
export interface StreamTicketHolder {
  actor: string;
  tokenId: string | null;
  scope: ApiScope;
  /** sha256 of GEMSWEEP_API_TOKEN when the bootstrap token asked (a changed variable voids it) */
  bootstrap: string | null;
}

const holder = globalThis as typeof globalThis & { __gemsweepTicketRedis?: Redis };

function redis(): Redis {
  if (!holder.__gemsweepTicketRedis) {
    const client = new Redis(serviceUrls().redisUrl, {
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    });
    client.on("error", () => undefined); // a failed command reports it; ioredis reconnects
    holder.__gemsweepTicketRedis = client;
  }
  return holder.__gemsweepTicketRedis;
}

const keyOf = (ticket: string) =>
  `gemsweep:stream-ticket:${createHash("sha256").update(ticket).digest("hex")}`;

function unavailable(err: unknown): GemSweepError {
  return new GemSweepError(
    ErrorCode.SERVICE_UNAVAILABLE,
    "Redis is unreachable: no stream ticket",
    { cause: err },
  );
}

/** A new ticket for `who`, stored (under its hash) for STREAM_TICKET_SECONDS. */
export async function issueStreamTicket(who: StreamTicketHolder): Promise<string> {
  const ticket = randomBytes(24).toString("base64url");
  try {
    await redis().set(keyOf(ticket), JSON.stringify(who), "EX", STREAM_TICKET_SECONDS);
  } catch (err) {
    throw unavailable(err);
  }
  return ticket;
}

/** The holder of a ticket, consuming it (a ticket opens one stream), or null when unknown or expired. */
export async function redeemStreamTicket(ticket: string): Promise<StreamTicketHolder | null> {
  let stored: string | null;
  try {
    stored = await redis().getdel(keyOf(ticket));
  } catch (err) {
    throw unavailable(err);
  }
  return stored ? (JSON.parse(stored) as StreamTicketHolder) : null;
}

/** The Set-Cookie value carrying a ticket to the event streams only (Path=/api/sweeps). */
export function streamCookie(ticket: string, secure: boolean): string {
  return `${STREAM_COOKIE}=${ticket}; Path=/api/sweeps; Max-Age=${STREAM_TICKET_SECONDS}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

/** The ticket in a request's cookies, or null. */
export function streamTicketOf(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === STREAM_COOKIE) return value.join("=") || null;
  }
  return null;
}
