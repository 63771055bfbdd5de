// Why: the one auth check every API route goes through (apiHandler): is auth on, who is calling,
// and does their scope cover the operation; refused tokens count toward the per-address limit.
import { ErrorCode, GemSweepError, scopeCovers, type ApiScope } from "@gemsweep/contracts";
import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiCaller } from "./api-caller";
import { clientAddressOf } from "./client-address";
import { failedAuthLimiter } from "./failed-auth-limiter";
import {
  ROUTE_ACCESS,
  STREAM_COOKIE_ROUTES,
  type RouteAccess,
  type RouteKey,
} from "./route-access";
import { serverContext } from "./server-context";
import { redeemStreamTicket, streamTicketOf, type StreamTicketHolder } from "./stream-ticket";

export const ANONYMOUS_ACTOR = "anonymous";
const BOOTSTRAP_ACTOR = "bootstrap";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** GEMSWEEP_API_TOKEN's digest, or null when unset. */
function bootstrapDigest(): Buffer | null {
  const token = process.env.GEMSWEEP_API_TOKEN;
  return token ? digest(token) : null;
}

const state = globalThis as typeof globalThis & { __gemsweepAuthOn?: boolean };

/**
 * Auth is on when GEMSWEEP_API_TOKEN is set or any API token was ever created (revoked ones
 * count). Once seen on, a process keeps it on: no token is ever deleted by GemSweep.
 */
export async function authIsOn(): Promise<boolean> {
  if (bootstrapDigest() || state.__gemsweepAuthOn) return true;
  if (await serverContext().storage.apiTokens.anyExists()) state.__gemsweepAuthOn = true;
  return state.__gemsweepAuthOn === true;
}

/** The scope an access level needs right now, or null for none. */
function neededScope(access: RouteAccess): ApiScope | null {
  if (access === "public") return null;
  if (access === "metrics") return process.env.GEMSWEEP_METRICS_AUTH === "read" ? "read" : null;
  return access;
}

/** The token of an Authorization header: null without the header, "" when it is not `Bearer <token>`. */
function bearerTokenOf(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  return /^Bearer[ ]+(\S+)$/i.exec(header.trim())?.[1] ?? "";
}

async function callerOfToken(token: string, source: string): Promise<ApiCaller | null> {
  const bootstrap = bootstrapDigest();
  if (bootstrap && timingSafeEqual(digest(token), bootstrap)) {
    return { actor: BOOTSTRAP_ACTOR, tokenId: null, scope: "admin", source };
  }
  const info = await serverContext().storage.apiTokens.authenticate(token);
  return info ? { actor: info.name, tokenId: info.id, scope: info.scope, source } : null;
}

/** Whether the holder of a ticket (or an open stream) may still read: token not revoked, bootstrap unchanged. */
export async function holderStillValid(who: StreamTicketHolder): Promise<boolean> {
  if (who.bootstrap !== null) return bootstrapDigest()?.toString("hex") === who.bootstrap;
  if (who.tokenId === null) return !(await authIsOn());
  return (await serverContext().storage.apiTokens.active(who.tokenId)) !== null;
}

async function callerOfTicket(ticket: string, source: string): Promise<ApiCaller | null> {
  const who = await redeemStreamTicket(ticket);
  if (!who || !(await holderStillValid(who))) return null;
  return { actor: who.actor, tokenId: who.tokenId, scope: who.scope, source };
}

/** What a stream ticket records about a caller. */
export function ticketHolderOf(caller: ApiCaller): StreamTicketHolder {
  return {
    actor: caller.actor,
    tokenId: caller.tokenId,
    scope: caller.scope ?? "read",
    bootstrap:
      caller.actor === BOOTSTRAP_ACTOR ? (bootstrapDigest()?.toString("hex") ?? null) : null,
  };
}

/**
 * The caller of `route`, or a GemSweepError: 401 without a token (or with a wrong, revoked or
 * malformed one), 403 when the token's scope does not cover the route, 429 while this address is
 * over its refused-token limit. With auth off, or on a public route, the caller is anonymous.
 */
export async function authorizeRequest(request: Request, route: RouteKey): Promise<ApiCaller> {
  const source = clientAddressOf(request);
  const needed = neededScope(ROUTE_ACCESS[route]);
  if (needed === null || !(await authIsOn()))
    return { actor: ANONYMOUS_ACTOR, tokenId: null, scope: null, source };

  const bearer = bearerTokenOf(request);
  const ticket =
    bearer === null && STREAM_COOKIE_ROUTES.has(route) ? streamTicketOf(request) : null;
  if (bearer === null && ticket === null) {
    throw new GemSweepError(
      ErrorCode.UNAUTHORIZED,
      `this server requires an API token with the ${needed} scope: send Authorization: Bearer <token> (an admin creates one with gemsweep token create)`,
    );
  }
  const limiter = failedAuthLimiter();
  const wait = limiter.retryAfterSeconds(source);
  if (wait > 0) {
    throw new GemSweepError(
      ErrorCode.RATE_LIMITED,
      `too many refused API tokens from ${source}: try again in ${wait} s`,
      {
        retryAfterSeconds: wait,
      },
    );
  }
  const caller =
    bearer !== null ? await callerOfToken(bearer, source) : await callerOfTicket(ticket!, source);
  if (!caller) {
    limiter.recordFailure(source);
    console.warn(
      `[gemsweep auth] refused ${bearer !== null ? "a bearer token" : "a stream ticket"} from ${source} for ${route}`,
    );
    throw new GemSweepError(
      ErrorCode.UNAUTHORIZED,
      bearer !== null
        ? "the API token is not valid (unknown, revoked or mistyped)"
        : "the stream ticket is not valid (used, expired or revoked)",
    );
  }
  if (!scopeCovers(caller.scope!, needed)) {
    throw new GemSweepError(
      ErrorCode.FORBIDDEN,
      `token ${caller.actor} has the ${caller.scope} scope; ${route} needs ${needed}`,
    );
  }
  return caller;
}
