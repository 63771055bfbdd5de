// Why: `gemsweep token` and `gemsweep audit` through the real binary on a database of their own
// (a token row turns API auth on): a token shown once and stored hashed, one active name, revocation,
// and the audit rows the CLI's own mutations leave (actor "local CLI", source `cli user@host`).
import { randomUUID } from "node:crypto";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAuthDatabase,
  type AuthDatabase,
} from "../../dashboard/test/support/auth-database.js";
import { gemsweep } from "../../../tests/support/gemsweep-cli.js";

let db: AuthDatabase;
let env: Record<string, string>;
const SPEC = "name: audited\nbenchmark: sleep\nseeds: [0]\nbaseline: relu\nactivations: [relu]\n";

beforeAll(async () => {
  db = await createAuthDatabase();
  env = { DATABASE_URL: db.url, GEMSWEEP_QUEUE: `cli-audit-${randomUUID()}` };
});

afterAll(async () => {
  await db?.drop();
});

describe("gemsweep token", () => {
  let ops = "";

  it("create prints the token once (alone on stdout) and stores only its hash", async () => {
    expect((await gemsweep(["token", "list"], env)).stdout).toContain("no API tokens");
    const created = await gemsweep(["token", "create", "--name", "ops", "--scope", "admin"], env);
    expect(created.code, created.stderr).toBe(0);
    ops = created.stdout.trim();
    expect(created.stdout).toBe(`${ops}\n`);
    expect(ops).toMatch(/^gsw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(
      /created token ops \(id [0-9a-f]{12}, scope admin\)\. It is shown only now/,
    );
    expect(await db.storage.apiTokens.authenticate(ops)).toMatchObject({
      name: "ops",
      scope: "admin",
      createdBy: "local CLI",
    });

    const json = await gemsweep(
      ["token", "create", "--name", "reader", "--scope", "read", "--json"],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: "reader",
      scope: "read",
      token: expect.stringMatching(/^gsw_/),
    });
  });

  it("refuses a second active token of a name (exit 1) and a bad scope or name (exit 2)", async () => {
    const again = await gemsweep(["token", "create", "--name", "ops", "--scope", "read"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("an active token is already named ops");
    const scope = await gemsweep(["token", "create", "--name", "x", "--scope", "root"], env);
    expect(scope.code).toBe(2);
    expect(scope.stderr).toContain("scope must be one of read, write, admin");
    const name = await gemsweep(["token", "create", "--name", "two words", "--scope", "read"], env);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/name: a name is 1-64 letters/);
  });

  it("list shows every token with its scope and state, never a secret or hash", async () => {
    const list = await gemsweep(["token", "list"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+NAME\s+SCOPE\s+CREATED BY/);
    expect(list.stdout).toMatch(/ops\s+admin\s+local CLI/);
    const json = await gemsweep(["token", "list", "--json"], env);
    const tokens = JSON.parse(json.stdout) as { name: string; revokedAt: string | null }[];
    expect(tokens.map((t) => t.name).sort()).toEqual(["ops", "reader"]);
    for (const text of [list.stdout, json.stdout]) {
      expect(text).not.toContain(ops.slice(17));
      expect(text).not.toContain("scrypt");
    }
  });

  it("revoke NAME stops the token at once; revoking it again fails", async () => {
    const revoked = await gemsweep(["token", "revoke", "reader"], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/revoked token reader \(id [0-9a-f]{12}, scope read\)/);
    const id = /id ([0-9a-f]{12})/.exec(revoked.stdout)![1]!;
    expect((await db.storage.apiTokens.list()).find((t) => t.id === id)).toMatchObject({
      revokedBy: "local CLI",
    });
    const twice = await gemsweep(["token", "revoke", id], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("already revoked");
    expect((await gemsweep(["token", "revoke", "nobody"], env)).code).toBe(1);
  });
});

describe("gemsweep audit", () => {
  it("records the CLI's own mutations (submit, cancel, resume, tokens) as local CLI from this user and host", async () => {
    const submitted = await gemsweep(["submit", "-", "--json"], env, SPEC);
    expect(submitted.code, submitted.stderr).toBe(0);
    const { id } = JSON.parse(submitted.stdout) as { id: string };
    expect((await gemsweep(["cancel", id], env)).code).toBe(0);
    expect((await gemsweep(["resume", id], env)).code).toBe(0);

    const all = await gemsweep(["audit", "--json"], env);
    expect(all.code, all.stderr).toBe(0);
    const { events, total } = JSON.parse(all.stdout) as {
      events: {
        actor: string;
        action: string;
        target: string;
        source: string;
        detail: Record<string, unknown>;
      }[];
      total: number;
    };
    expect(events.map((e) => e.action)).toEqual([
      "sweep.resume",
      "sweep.cancel",
      "sweep.launch",
      "token.revoke",
      "token.create",
      "token.create",
    ]);
    expect(total).toBe(6);
    const source = `cli ${os.userInfo().username}@${os.hostname()}`;
    for (const e of events) expect(e).toMatchObject({ actor: "local CLI", source });
    expect(events[2]).toMatchObject({ target: id, detail: { trials: 1, via: "submit" } });
    expect(all.stdout).not.toContain("gsw_");

    const cancels = await gemsweep(["audit", "--action", "sweep.cancel"], env);
    expect(cancels.stdout).toMatch(/^TIME \(UTC\)\s+ACTOR\s+ACTION\s+TARGET\s+SOURCE\s+DETAIL\n/);
    expect(cancels.stdout.trim().split("\n")).toHaveLength(2);
    expect(cancels.stdout).toContain(`local CLI  sweep.cancel  ${id}`);
    const limited = await gemsweep(["audit", "--target", id, "--limit", "2"], env);
    expect(limited.stdout.trim().split("\n")).toHaveLength(3);
    expect(limited.stderr).toContain("2 of 3 events");
    expect((await gemsweep(["audit", "--since", "2999-01-01"], env)).stdout).toContain(
      "no audit events match",
    );
    expect((await gemsweep(["audit", "--actor", "nobody", "--json"], env)).stdout).toContain(
      '"total": 0',
    );
    expect((await gemsweep(["audit", "--action", "sweep.delete"], env)).code).toBe(2);
    expect((await gemsweep(["audit", "--since", "yesterday-ish"], env)).code).toBe(2);
  });
});
