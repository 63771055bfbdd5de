import { execFileSync, spawnSync } from "node:child_process";
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

function runningAsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * PostgreSQL refuses to run as root. When we are root (containers, CI), the server runs as
 * the `postgres` system user (GEMSWEEP_PG_USER), created if missing when `create` is set;
 * otherwise as ourselves (undefined). Without `create`, a missing user is also undefined:
 * nothing can have been started as it.
 */
export function postgresRunAs(
  options: { create: boolean } = { create: true },
): UnixUser | undefined {
  if (!runningAsRoot()) return undefined;
  const name = process.env.GEMSWEEP_PG_USER ?? "postgres";
  const existing = lookup(name);
  if (existing || !options.create) return existing;
  execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name]);
  const created = lookup(name);
  if (!created) throw new Error(`could not create the system user ${name} to run PostgreSQL as`);
  return created;
}

/**
 * true when `user` can enter `dir`, i.e. search every folder on its way (a home folder or a
 * `mktemp -d` folder is 0700). Asked of a real process running as that user, the way the
 * server itself is started (same uid and gid, no supplementary groups), so ACLs count too.
 */
export function userCanEnter(user: UnixUser, dir: string): boolean {
  const probe = spawnSync("/bin/sh", ["-c", 'cd -- "$1"', "probe", dir], {
    uid: user.uid,
    gid: user.gid,
    cwd: "/",
    stdio: "ignore",
  });
  return probe.status === 0;
}
