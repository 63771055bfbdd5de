// Why: who is calling, as the auth check resolved it: what handlers pass on to the audit trail.
import type { ApiScope } from "@gemsweep/contracts";

export interface ApiCaller {
  /** a stored token's name, "bootstrap" (GEMSWEEP_API_TOKEN), or "anonymous" while auth is off */
  actor: string;
  /** the stored token's id; null for bootstrap and anonymous callers */
  tokenId: string | null;
  /** the token's scope; null when no token was needed (auth off, or a public route) */
  scope: ApiScope | null;
  /** the client's address (client-address.ts) */
  source: string;
}
