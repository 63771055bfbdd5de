// Why: scoped API tokens are created, listed, revoked and checked here, the only code that
// reads or writes the ApiToken table; callers see a token's facts, never its hash.
import { ErrorCode, GemSweepError, type ApiScope } from "@gemsweep/contracts";
import { createHash } from "node:crypto";
import { apiTokenParts, newApiToken, secretMatchesHash } from "./api-token-secret.js";
import type { PrismaClient } from "./prisma-client.js";
import { TX_OPTIONS } from "./transaction-options.js";

/** A stored token as `token list` and the API show it. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  scope: ApiScope;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const INFO = {
  id: true,
  name: true,
  scope: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  revokedBy: true,
} as const;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
// Serializes creations, so two tokens never share a name while both are active.
const NAME_LOCK = 0x67737774; // "gswt"
const TOUCH_EVERY_MS = 60_000;
const MAX_REMEMBERED = 1000;

export class ApiTokenStore {
  /** sha256 of a token already verified → the secretHash it matched (a revoked row never gets here) */
  private readonly verified = new Map<string, string>();
  private readonly touchedAt = new Map<string, number>();

  constructor(private readonly prisma: PrismaClient) {}

  /** A new token for `name` (no other active token may have it); the token itself is returned once. */
  async create(input: {
    name: string;
    scope: ApiScope;
    createdBy: string;
  }): Promise<{ token: string; info: ApiTokenInfo }> {
    if (!NAME_PATTERN.test(input.name)) {
      const message =
        "a name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";
      throw new GemSweepError(ErrorCode.INVALID_INPUT, message, {
        issues: [{ path: "name", message }],
      });
    }
    const fresh = await newApiToken();
    const info = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NAME_LOCK})`;
      const clash = await tx.apiToken.findFirst({
        where: { name: input.name, revokedAt: null },
        select: { id: true },
      });
      if (clash) {
        throw new GemSweepError(
          ErrorCode.CONFLICT,
          `an active token is already named ${input.name} (id ${clash.id}); revoke it or pick another name`,
        );
      }
      return tx.apiToken.create({
        data: {
          id: fresh.id,
          name: input.name,
          scope: input.scope,
          secretHash: fresh.secretHash,
          createdBy: input.createdBy,
        },
        select: INFO,
      });
    }, TX_OPTIONS);
    return { token: fresh.token, info };
  }

  /** Every token ever created, newest first (revoked ones included). */
  list(): Promise<ApiTokenInfo[]> {
    return this.prisma.apiToken.findMany({
      select: INFO,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    });
  }

  /** Revokes the active token with this id, or else the active token with this name. */
  async revoke(idOrName: string, revokedBy: string): Promise<ApiTokenInfo> {
    const target =
      (await this.prisma.apiToken.findFirst({ where: { id: idOrName }, select: INFO })) ??
      (await this.prisma.apiToken.findFirst({
        where: { name: idOrName, revokedAt: null },
        select: INFO,
      }));
    if (!target)
      throw new GemSweepError(
        ErrorCode.NOT_FOUND,
        `no active token has the id or name ${idOrName}`,
      );
    if (target.revokedAt)
      throw new GemSweepError(
        ErrorCode.CONFLICT,
        `token ${target.name} (${target.id}) is already revoked`,
      );
    const updated = await this.prisma.apiToken.updateMany({
      where: { id: target.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedBy },
    });
    if (updated.count === 0)
      throw new GemSweepError(
        ErrorCode.CONFLICT,
        `token ${target.name} (${target.id}) is already revoked`,
      );
    this.forget(target.id);
    return await this.prisma.apiToken.findUniqueOrThrow({ where: { id: target.id }, select: INFO });
  }

  /**
   * The active token that `token` is, or null (malformed, unknown, revoked, wrong secret). The
   * row is read every time, so a revocation takes effect at once; the scrypt check runs once per
   * token and process.
   */
  async authenticate(token: string): Promise<ApiTokenInfo | null> {
    const parts = apiTokenParts(token);
    if (!parts) return null;
    const row = await this.prisma.apiToken.findUnique({
      where: { id: parts.id },
      select: { ...INFO, secretHash: true },
    });
    if (!row || row.revokedAt) return null;
    const key = createHash("sha256").update(token).digest("hex");
    if (this.verified.get(key) !== row.secretHash) {
      if (!(await secretMatchesHash(parts.secret, row.secretHash))) return null;
      if (this.verified.size >= MAX_REMEMBERED) this.verified.clear();
      this.verified.set(key, row.secretHash);
    }
    this.touch(row.id);
    const { secretHash: _hash, ...info } = row;
    return info;
  }

  /** The token with this id when it exists and is not revoked (an open stream's re-check), else null. */
  active(id: string): Promise<ApiTokenInfo | null> {
    return this.prisma.apiToken.findFirst({ where: { id, revokedAt: null }, select: INFO });
  }

  /** Whether any token was ever created (revoked ones count: revoking the last token does not open the API). */
  async anyExists(): Promise<boolean> {
    return (await this.prisma.apiToken.findFirst({ select: { id: true } })) !== null;
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(id) ?? 0) < TOUCH_EVERY_MS) return;
    this.touchedAt.set(id, now);
    void this.prisma.apiToken
      .updateMany({ where: { id, revokedAt: null }, data: { lastUsedAt: new Date(now) } })
      .catch(() => this.touchedAt.delete(id));
  }

  private forget(id: string): void {
    this.touchedAt.delete(id);
    // a revoked row is refused before the remembered hashes are consulted; clearing is tidiness
    this.verified.clear();
  }
}
