import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface UnixUser {
  name: string;
  uid: number;
  gid: number;
}

function lookup(name: string): UnixUser | undefined {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name && uid !== undefined && gid !== undefined)
      return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI), the server runs as
 * the `postgres` system user, created if missing; otherwise as ourselves (undefined).
 */
export function postgresRunAs(): UnixUser | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const name = process.env.GEMSWEEP_PG_USER ?? "postgres";
  const existing = lookup(name);
  if (existing) return existing;
  execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]);
  const created = lookup(name);
  if (!created) throw new Error(`could not create the system user ${name} to run PostgreSQL as`);
  return created;
}
