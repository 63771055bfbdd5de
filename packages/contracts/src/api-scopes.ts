import * as z from "zod";

// Why: one ladder of API token scopes (read < write < admin) that the database enum, the
// dashboard's route table, the CLI and the docs all spell the same way.

export const API_SCOPES = ["read", "write", "admin"] as const;
export const apiScopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof apiScopeSchema>;

/** What each scope lets a token do, as the docs and `gemsweep token create --help` say it. */
export const API_SCOPE_MEANING: Readonly<Record<ApiScope, string>> = {
  read: "read results, tables, exports, the live event stream, workers",
  write: "read, plus launch, cancel and resume sweeps",
  admin: "write, plus drain workers, manage tokens and read the audit trail",
};

/** Whether a token granted `granted` may do what needs `needed` (each scope includes the ones below it). */
export function scopeCovers(granted: ApiScope, needed: ApiScope): boolean {
  return API_SCOPES.indexOf(granted) >= API_SCOPES.indexOf(needed);
}
