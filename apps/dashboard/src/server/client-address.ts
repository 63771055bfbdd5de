// Why: the address a request came from, for the failed-auth limit and the audit trail, which a
// client cannot choose by sending its own X-Forwarded-For.
import { PEER_ADDRESS_HEADER, peerAddressesStamped } from "./peer-address-stamp";

/**
 * The client's address. Without GEMSWEEP_TRUST_PROXY it is the TCP peer, stamped on every
 * request by the server process (instrumentation.ts), whatever headers the client sent. With
 * GEMSWEEP_TRUST_PROXY=N (N reverse proxies in front, each appending to X-Forwarded-For), it is
 * the address the outermost trusted proxy saw: the N-th entry from the right of XFF + peer.
 */
export function clientAddressOf(request: Request): string {
  const peer = peerAddressesStamped() ? (request.headers.get(PEER_ADDRESS_HEADER) ?? "") : "";
  const hops = Number.parseInt(process.env.GEMSWEEP_TRUST_PROXY ?? "0", 10);
  if (!Number.isFinite(hops) || hops <= 0) return normalized(peer);
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return normalized(chain[Math.max(0, chain.length - 1 - hops)] ?? "");
}

function normalized(address: string): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}
