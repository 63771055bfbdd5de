import * as z from "zod";

// Why: the audit trail's action names in one list, so the API, the CLI's filters, the
// dashboard's page and the database rows agree on what a mutation is called.

export const AUDIT_ACTIONS = [
  "sweep.launch",
  "sweep.cancel",
  "sweep.resume",
  "worker.drain",
  "token.create",
  "token.revoke",
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** The actor names of callers that are not stored tokens. */
export const BOOTSTRAP_ACTOR = "bootstrap";
export const LOCAL_CLI_ACTOR = "local CLI";
