import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/migrations.js";
import { createScratchDatabase } from "./test-database.js";

const root = path.resolve(import.meta.dirname, "../../..");

/** Everything about the public schema that a migration can change, as sorted text lines. */
async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '')
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_gemsweep_migrations'`,
      `SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_gemsweep_migrations'`,
      `SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace `,
      `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    ];
    const lines: string[] = [];
    for (const query of queries) {
      const result = await client.query<{ "?column?": string }>(query);
      for (const row of result.rows) lines.push(String(Object.values(row)[0]));
    }
    // the migrator's own bookkeeping table is not part of the app schema
    return lines.filter((line) => !line.includes("_gemsweep_migrations")).sort();
  } finally {
    await client.end();
  }
}

describe("prisma/schema.prisma and prisma/migrations", () => {
  const dbs: { url: string; drop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    dbs.push(await createScratchDatabase(), await createScratchDatabase());
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it("build the same database: migrations applied vs the schema file's own DDL", async () => {
    const [migrated, fromSchema] = dbs;
    await migrateDatabase(migrated!.url);
    // Prisma's own rendering of schema.prisma as DDL (offline, wasm engine), applied to a blank database.
    const ddl = execFileSync("bash", ["scripts/prisma.sh", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const client = new pg.Client({ connectionString: fromSchema!.url });
    await client.connect();
    await client.query(ddl);
    await client.end();
    const expected = await describeSchema(fromSchema!.url);
    expect(expected.length).toBeGreaterThan(30);
    expect(await describeSchema(migrated!.url)).toEqual(expected);
  });

  it("migrating twice applies nothing the second time", async () => {
    await migrateDatabase(dbs[0]!.url);
    const again = await migrateDatabase(dbs[0]!.url);
    expect(again.applied).toEqual([]);
    expect(again.total).toBeGreaterThan(0);
  });
});
