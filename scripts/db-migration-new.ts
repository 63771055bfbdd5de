// `npm run db:migration:new -- NAME`: writes prisma/migrations/<timestamp>_NAME/migration.sql
// with the DDL from the last committed schema.prisma to the working one. Offline: Prisma's
// wasm engine diffs two schema files; no database or shadow database is involved.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration:new -- NAME   (NAME: lowercase letters, digits, _)");
  process.exit(2);
}
let from = ["--from-empty"];
try {
  const previous = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "gemsweep-schema-")), "schema.prisma");
  writeFileSync(file, previous);
  from = ["--from-schema-datamodel", file];
} catch {
  // no committed schema yet: the first migration starts from an empty database
}
const sql = execFileSync(
  "bash",
  [
    "scripts/prisma.sh",
    "migrate",
    "diff",
    ...from,
    "--to-schema-datamodel",
    "prisma/schema.prisma",
    "--script",
  ],
  {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  },
);
if (!/CREATE|ALTER|DROP/.test(sql)) {
  console.log("schema.prisma has no changes against HEAD: nothing to migrate");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql: review it, then npm run db:migrate`);
