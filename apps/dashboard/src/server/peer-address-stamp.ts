// Why: Next's route handlers do not see the TCP peer, and the X-Forwarded-For Next fills in
// keeps whatever the client sent; stamping the socket's address on each request gives the real one.
import http from "node:http";
import https from "node:https";

/** The request header this process overwrites with the socket's remote address. */
export const PEER_ADDRESS_HEADER = "x-gemsweep-peer-address";

const holder = globalThis as typeof globalThis & { __gemsweepPeerStamp?: boolean };

/** Whether this process stamps every request (else the header could come from the client, and is ignored). */
export function peerAddressesStamped(): boolean {
  return holder.__gemsweepPeerStamp === true;
}

/**
 * Makes every HTTP(S) server of this process set PEER_ADDRESS_HEADER to the connection's remote
 * address before any handler sees a request (replacing a value the client sent). Run once, from
 * instrumentation's register(), before the first request is served.
 */
export function stampPeerAddresses(): void {
  if (holder.__gemsweepPeerStamp) return;
  for (const proto of [http.Server.prototype, https.Server.prototype] as {
    emit: (...args: unknown[]) => boolean;
  }[]) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: unknown, ...rest: unknown[]) {
      if (event === "request") {
        const request = rest[0] as http.IncomingMessage;
        request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
      }
      return emit.call(this, event, ...rest);
    };
  }
  holder.__gemsweepPeerStamp = true;
}
