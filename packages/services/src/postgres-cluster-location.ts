// Why: as root the server runs as `postgres`, which cannot enter a clone in /root or in a
// `mktemp -d` folder; such a clone's cluster lives where that user can reach it instead.
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { userCanEnter, type UnixUser } from "./unprivileged-user.js";

/**
 * Where root keeps the clusters of state folders that the server's user cannot enter: one
 * folder per state folder, named after the clone and a hash of the state folder's path.
 */
export const RELOCATED_CLUSTERS_ROOT = "/var/lib/gemsweep/postgres";

/** The file in a relocated cluster's folder that names the state folder it belongs to. */
const OWNER_RECORD = "state-dir";

/** The embedded PostgreSQL's folders: the cluster (`data`) and the server log. */
export interface ClusterLocation {
  /** holds `data` and `postgres.log` */
  dir: string;
  dataDir: string;
  logFile: string;
  /** true when `dir` is under RELOCATED_CLUSTERS_ROOT (and `<stateDir>/postgres` links to it) */
  relocated: boolean;
}

function at(dir: string, relocated: boolean): ClusterLocation {
  return {
    dir,
    dataDir: path.join(dir, "data"),
    logFile: path.join(dir, "postgres.log"),
    relocated,
  };
}

/** The target of the link `file`, or undefined when `file` is not a link. */
function linkTarget(file: string): string | undefined {
  try {
    return readlinkSync(file);
  } catch {
    return undefined;
  }
}

function resolved(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * The folder a new relocated cluster of `stateDir` gets: keyed by the state folder's real path,
 * so two clones never get the same one, and named after the clone's folder so `ls` says whose.
 */
export function relocatedClusterDir(stateDir: string): string {
  const real = resolved(stateDir);
  const clone = path
    .basename(path.dirname(real))
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 40);
  const key = createHash("sha256").update(real).digest("hex").slice(0, 12);
  return path.join(RELOCATED_CLUSTERS_ROOT, `${clone || "root"}-${key}`);
}

/** The state folder a relocated cluster's folder belongs to (its record), if it has one. */
function ownerOf(clusterDir: string): string | undefined {
  try {
    return readFileSync(path.join(clusterDir, OWNER_RECORD), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the relocated cluster `clusterDir`, which `<stateDir>/postgres` links to, is
 * stateDir's: yes when its record names stateDir, or names a state folder that no longer links
 * to it (the clone was moved, and takes its cluster along); no when that state folder still
 * links to it (stateDir is a copy of that clone, and gets a cluster of its own).
 */
function belongsTo(clusterDir: string, stateDir: string): boolean {
  const owner = ownerOf(clusterDir);
  if (!owner || owner === resolved(stateDir)) return true;
  return linkTarget(path.join(owner, "postgres")) !== clusterDir;
}

/** The state folder a cluster's `data` folder belongs to (its record when relocated). */
export function stateDirOfCluster(dataDir: string): string {
  const dir = path.dirname(dataDir);
  return ownerOf(dir) ?? path.dirname(dir);
}

/**
 * Where the cluster of `stateDir` is, without creating anything (for status and stop):
 * `<stateDir>/postgres`, or, when that is a link (see prepareCluster), the relocated folder.
 */
export function locateCluster(stateDir: string): ClusterLocation {
  const inPlace = path.join(stateDir, "postgres");
  const target = linkTarget(inPlace);
  if (target === undefined) return at(inPlace, false);
  return at(belongsTo(target, stateDir) ? target : relocatedClusterDir(stateDir), true);
}

/**
 * Creates the cluster's folder, owned by `runAs` (the server's user when we are root), and
 * returns it. In order:
 * - not root: `<stateDir>/postgres`, as ourselves;
 * - a cluster already in `<stateDir>/postgres`: kept there;
 * - `runAs` can enter the folder holding `stateDir`: `<stateDir>/postgres` (the state folder
 *   itself is opened to 0755 so the server can pass through it);
 * - otherwise (a clone in /root or in a 0700 temporary folder): a folder under
 *   RELOCATED_CLUSTERS_ROOT, linked from `<stateDir>/postgres` and holding a record of the
 *   state folder it belongs to. Once relocated it stays relocated.
 */
export function prepareCluster(stateDir: string, runAs: UnixUser | undefined): ClusterLocation {
  mkdirSync(stateDir, { recursive: true });
  const inPlace = path.join(stateDir, "postgres");
  if (!runAs) {
    mkdirSync(inPlace, { recursive: true });
    return at(inPlace, false);
  }
  const linked = linkTarget(inPlace) !== undefined;
  if (!linked && existsSync(path.join(inPlace, "data", "PG_VERSION"))) {
    if (!userCanEnter(runAs, inPlace)) {
      throw new Error(
        `the PostgreSQL cluster in ${inPlace} cannot be reached by the user ${runAs.name} that runs the server ` +
          `(a folder above it is closed to that user): open the folders on its way to ${runAs.name}, ` +
          `or move the cluster elsewhere and set GEMSWEEP_STATE_DIR`,
      );
    }
    return at(inPlace, false);
  }
  if (!linked && userCanEnter(runAs, path.dirname(resolved(stateDir)))) {
    chmodSync(stateDir, 0o755);
    mkdirSync(inPlace, { recursive: true });
    chownSync(inPlace, runAs.uid, runAs.gid);
    return at(inPlace, false);
  }
  const { dir } = linked ? locateCluster(stateDir) : at(relocatedClusterDir(stateDir), true);
  mkdirSync(RELOCATED_CLUSTERS_ROOT, { recursive: true, mode: 0o755 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, runAs.uid, runAs.gid);
  writeFileSync(path.join(dir, OWNER_RECORD), `${resolved(stateDir)}\n`);
  if (linkTarget(inPlace) !== dir) {
    // A link to another clone's cluster (this one is a copy) is replaced, and so is the
    // folder a failed start left there before clusters were relocated.
    if (linked) unlinkSync(inPlace);
    else removeLeftoverFolder(inPlace);
    symlinkSync(dir, inPlace);
  }
  return at(dir, true);
}

/** Removes `<stateDir>/postgres` when it holds no more than a failed start leaves: a log, an empty `data`. */
function removeLeftoverFolder(folder: string): void {
  if (!existsSync(folder)) return;
  const dataFolder = path.join(folder, "data");
  const unexpected = readdirSync(folder).filter(
    (entry) => entry !== "postgres.log" && entry !== "data",
  );
  if (unexpected.length > 0 || (existsSync(dataFolder) && readdirSync(dataFolder).length > 0)) {
    throw new Error(
      `${folder} is in the way: the server's user cannot enter this state folder, so its PostgreSQL cluster ` +
        `must live under ${RELOCATED_CLUSTERS_ROOT} with ${folder} linking to it, and ${folder} holds more than ` +
        `a failed start leaves: move it away and run services up again`,
    );
  }
  rmSync(folder, { recursive: true, force: true });
}
