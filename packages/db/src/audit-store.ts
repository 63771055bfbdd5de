// Why: every mutation (launch, cancel, resume, drain, token create/revoke) leaves one row here,
// written by the API and the CLI alike; anything shaped like a token is redacted on the way in.
import type { AuditAction } from "@gemsweep/contracts";
import { API_TOKEN_LIKE } from "./api-token-secret.js";
import type { Prisma, PrismaClient } from "./prisma-client.js";

export interface AuditEntry {
  /** a token's name, "bootstrap", "local CLI" or "anonymous" */
  actor: string;
  tokenId?: string | null;
  action: AuditAction;
  /** a sweep id, a worker id, a token id */
  target: string;
  /** the client's address, or `cli <user>@<host>` */
  source: string;
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditEventRow {
  id: string;
  at: Date;
  actor: string;
  tokenId: string | null;
  action: string;
  target: string;
  source: string;
  detail: Prisma.JsonValue | null;
}

const REDACTED = "[redacted token]";

function redacted(text: string): string {
  return text.replace(API_TOKEN_LIKE, REDACTED);
}

export class AuditStore {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: AuditEntry): Promise<AuditEventRow> {
    const detail = entry.detail
      ? Object.fromEntries(
          Object.entries(entry.detail).map(([k, v]) => [
            k,
            typeof v === "string" ? redacted(v) : v,
          ]),
        )
      : undefined;
    return this.prisma.auditEvent.create({
      data: {
        actor: redacted(entry.actor),
        tokenId: entry.tokenId ?? null,
        action: entry.action,
        target: redacted(entry.target),
        source: redacted(entry.source),
        ...(detail ? { detail } : {}),
      },
    });
  }
}
