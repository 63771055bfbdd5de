// Why: scoped tokens and the audit trail on real PostgreSQL, in a database of their own (a token
// row anywhere turns API auth on, so they must not land in the run's shared database).
import { ErrorCode, isGemSweepError } from "@gemsweep/contracts";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GemSweepStorage } from "../src/gemsweep-storage.js";
import { migrateDatabase } from "../src/migrations.js";
import { createScratchDatabase } from "./test-database.js";

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let storage: GemSweepStorage;

async function rows<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return isGemSweepError(err) ? err.code : `not a GemSweepError: ${String(err)}`;
  }
  return "resolved";
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  storage = GemSweepStorage.open(scratch.url, { max: 2 });
});

afterAll(async () => {
  await storage?.close();
  await scratch?.drop();
});

describe("API tokens", () => {
  it("are shown once and stored as a salted scrypt hash only", async () => {
    expect(await storage.apiTokens.anyExists()).toBe(false);
    const first = await storage.apiTokens.create({
      name: "alice",
      scope: "write",
      createdBy: "local CLI",
    });
    const second = await storage.apiTokens.create({
      name: "bob",
      scope: "read",
      createdBy: "alice",
    });
    expect(first.token).toMatch(/^gsw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(first.info).toMatchObject({
      name: "alice",
      scope: "write",
      createdBy: "local CLI",
      revokedAt: null,
    });
    expect(Object.keys(first.info)).not.toContain("secretHash");
    expect(await storage.apiTokens.anyExists()).toBe(true);

    const stored = await rows<{ id: string; secretHash: string }>(
      `SELECT id, "secretHash" FROM "ApiToken" ORDER BY name`,
    );
    expect(stored.map((r) => r.id)).toEqual([first.info.id, second.info.id]);
    for (const [row, token] of [
      [stored[0]!, first.token],
      [stored[1]!, second.token],
    ] as const) {
      const secret = token.split("_").slice(2).join("_");
      expect(row.secretHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(row.secretHash).not.toContain(secret);
    }
    const salts = stored.map((r) => r.secretHash.split("$")[4]);
    expect(new Set(salts).size).toBe(2); // a salt per token
    // the secret appears nowhere in the database, in any table
    const dump =
      JSON.stringify(await rows(`SELECT * FROM "ApiToken"`)) +
      JSON.stringify(await rows(`SELECT * FROM "AuditEvent"`));
    expect(dump).not.toContain(first.token.slice(17));
  });

  it("authenticate the right token only: wrong secret, wrong id, malformed and revoked are refused", async () => {
    const { token, info } = await storage.apiTokens.create({
      name: "carol",
      scope: "admin",
      createdBy: "bootstrap",
    });
    expect(await storage.apiTokens.authenticate(token)).toMatchObject({
      id: info.id,
      name: "carol",
      scope: "admin",
    });
    expect(await storage.apiTokens.authenticate(token)).toMatchObject({ id: info.id }); // remembered: same answer
    expect(await storage.apiTokens.active(info.id)).toMatchObject({ name: "carol" });
    const lastChar = token.at(-1) === "A" ? "B" : "A";
    expect(await storage.apiTokens.authenticate(token.slice(0, -1) + lastChar)).toBeNull();
    expect(await storage.apiTokens.authenticate(token.replace(info.id, "0123456789ab"))).toBeNull();
    expect(await storage.apiTokens.authenticate("Bearer " + token)).toBeNull();
    expect(await storage.apiTokens.authenticate("")).toBeNull();

    const revoked = await storage.apiTokens.revoke("carol", "alice");
    expect(revoked).toMatchObject({ id: info.id, revokedBy: "alice" });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await storage.apiTokens.authenticate(token)).toBeNull();
    expect(await storage.apiTokens.active(info.id)).toBeNull();
    expect(await codeOf(storage.apiTokens.revoke(info.id, "alice"))).toBe(ErrorCode.CONFLICT);
    expect(await codeOf(storage.apiTokens.revoke("carol", "alice"))).toBe(ErrorCode.NOT_FOUND);
  });

  it("keep one active token per name; a revoked name can be taken again", async () => {
    expect(
      await codeOf(storage.apiTokens.create({ name: "alice", scope: "read", createdBy: "x" })),
    ).toBe(ErrorCode.CONFLICT);
    expect(
      await codeOf(storage.apiTokens.create({ name: "bad name", scope: "read", createdBy: "x" })),
    ).toBe(ErrorCode.INVALID_INPUT);
    expect(
      await codeOf(storage.apiTokens.create({ name: "", scope: "read", createdBy: "x" })),
    ).toBe(ErrorCode.INVALID_INPUT);
    const again = await storage.apiTokens.create({
      name: "carol",
      scope: "read",
      createdBy: "alice",
    });
    expect(await storage.apiTokens.authenticate(again.token)).toMatchObject({
      name: "carol",
      scope: "read",
    });
    const list = await storage.apiTokens.list();
    expect(list.filter((t) => t.name === "carol").map((t) => t.revokedAt === null)).toEqual([
      true,
      false,
    ]); // newest first
    expect(JSON.stringify(list)).not.toContain("scrypt");
  });

  it("revoking every token leaves auth on (rows stay)", async () => {
    for (const t of await storage.apiTokens.list())
      if (!t.revokedAt) await storage.apiTokens.revoke(t.id, "test");
    expect(await storage.apiTokens.anyExists()).toBe(true);
  });
});

describe("audit trail", () => {
  it("records mutations, redacts anything shaped like a token, and reads back filtered, newest first", async () => {
    const { token } = await storage.apiTokens.create({
      name: "dave",
      scope: "admin",
      createdBy: "local CLI",
    });
    await storage.audit.record({
      actor: "local CLI",
      action: "sweep.launch",
      target: "s-1",
      source: "cli root@lab",
      detail: { name: "one", trials: 4 },
    });
    await new Promise((r) => setTimeout(r, 5));
    await storage.audit.record({
      actor: "dave",
      tokenId: "abc",
      action: "sweep.cancel",
      target: "s-1",
      source: "10.0.0.7",
    });
    await new Promise((r) => setTimeout(r, 5));
    await storage.audit.record({
      actor: "dave",
      action: "token.create",
      target: "t-9",
      source: "10.0.0.7",
      detail: { name: `oops ${token}` },
    });

    const all = await storage.auditTrail({ limit: 10, offset: 0 });
    expect(all.total).toBe(3);
    expect(all.events.map((e) => e.action)).toEqual([
      "token.create",
      "sweep.cancel",
      "sweep.launch",
    ]);
    expect(all.events[2]).toMatchObject({
      actor: "local CLI",
      target: "s-1",
      source: "cli root@lab",
      detail: { name: "one", trials: 4 },
    });
    expect(all.events[0]!.detail).toEqual({ name: "oops [redacted token]" });
    expect(JSON.stringify(await rows(`SELECT * FROM "AuditEvent"`))).not.toContain(token);

    expect((await storage.auditTrail({ actor: "dave", limit: 10, offset: 0 })).total).toBe(2);
    expect(
      (await storage.auditTrail({ action: "sweep.cancel", limit: 10, offset: 0 })).events.map(
        (e) => e.tokenId,
      ),
    ).toEqual(["abc"]);
    expect(
      (await storage.auditTrail({ target: "s-1", limit: 1, offset: 1 })).events.map(
        (e) => e.action,
      ),
    ).toEqual(["sweep.launch"]);
    const cancelAt = all.events[1]!.at;
    expect((await storage.auditTrail({ since: cancelAt, limit: 10, offset: 0 })).total).toBe(2);
    expect((await storage.auditTrail({ until: cancelAt, limit: 10, offset: 0 })).total).toBe(1);
  });
});
