// Why: people who are not root on Debian (Homebrew, other distributions) have PostgreSQL and
// Redis on PATH; setup and the services must find them there and run everything as that user.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresBinDir, redisServerBinary } from "../src/index.js";
import { freePorts } from "./support/free-ports.js";

const root = path.resolve(import.meta.dirname, "../../..");
const bin = path.join(root, "apps/cli/bin/gemsweep.js");
const asRoot = process.getuid?.() === 0;
/** As root the test runs its commands as this unprivileged user, created when missing. */
const TEST_USER = "gemsweep-test";

interface User {
  name: string;
  uid: number;
  gid: number;
}

/** The user the commands run as, or why the test cannot run. */
function unprivilegedUser(): User | string {
  if (!asRoot) {
    return { name: "(ourselves)", uid: process.getuid!(), gid: process.getgid!() };
  }
  const id = (flag: string) =>
    Number(
      execFileSync("id", [flag, TEST_USER], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    );
  try {
    return { name: TEST_USER, uid: id("-u"), gid: id("-g") };
  } catch {
    // not there yet
  }
  try {
    execFileSync("useradd", [
      "--system",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      TEST_USER,
    ]);
    return { name: TEST_USER, uid: id("-u"), gid: id("-g") };
  } catch (error) {
    return `we are root but could not create the user ${TEST_USER} with useradd: ${(error as Error).message}`;
  }
}

function run(
  user: User,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // (only root may switch users; otherwise `user` is ourselves)
    const identity = asRoot ? { uid: user.uid, gid: user.gid } : {};
    const child = spawn(command, args, { cwd: root, env, ...identity });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) =>
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` }),
    );
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const user = unprivilegedUser();
const cannotRun =
  typeof user === "string"
    ? user
    : asRoot &&
        spawnSync("/bin/sh", ["-c", 'cd -- "$1"', "probe", root], { uid: user.uid, gid: user.gid })
          .status !== 0
      ? `the checkout ${root} is in a folder the user ${TEST_USER} cannot enter`
      : undefined;
if (cannotRun) console.warn(`non-root-binaries-on-path: cannot run: ${cannotRun}`);

// A home of the user's own, and a folder of links to the real binaries put first on its PATH,
// the way Homebrew (/opt/homebrew/bin) or another distribution (/usr/bin) puts them there.
const home = mkdtempSync(path.join(tmpdir(), "gemsweep-non-root-"));
const onPath = path.join(home, "bin");
mkdirSync(onPath);
for (const tool of ["pg_ctl", "initdb", "postgres"]) {
  symlinkSync(realpathSync(path.join(postgresBinDir(), tool)), path.join(onPath, tool));
}
symlinkSync(realpathSync(redisServerBinary()), path.join(onPath, "redis-server"));
if (typeof user !== "string") chownSync(home, user.uid, user.gid);
const [redisPort, postgresPort] = await freePorts(2);
const env: NodeJS.ProcessEnv = {
  PATH: [onPath, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
  HOME: home,
  GEMSWEEP_STATE_DIR: path.join(home, "state"),
  GEMSWEEP_REDIS_PORT: String(redisPort),
  GEMSWEEP_PG_PORT: String(postgresPort),
  GEMSWEEP_DATA_DIR: path.join(home, "data"),
};

afterAll(async () => {
  if (typeof user !== "string") await run(user, process.execPath, [bin, "services", "down"], env);
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(Boolean(cannotRun))(
  `as a user who is not root (${typeof user === "string" ? "none" : user.name}), with PostgreSQL and Redis on PATH${cannotRun ? ` [cannot run: ${cannotRun}]` : ""}`,
  () => {
    const as = user as User;

    it("scripts/setup.sh finds them on PATH, reports them and exits 0", async () => {
      const check = await run(as, "bash", ["scripts/setup.sh", "--check"], env);
      expect(check.stderr).not.toMatch(/missing \(required\)/);
      expect(check.code).toBe(0);
      expect(check.stdout).toContain(`setup: redis-server: ${onPath}/redis-server`);
      expect(check.stdout).toContain(`setup: PostgreSQL (pg_ctl, initdb, postgres): ${onPath}\n`);
    });

    it("the services' own lookup picks the same binaries", async () => {
      const script = `import { postgresBinDir, redisServerBinary } from "@gemsweep/services";
console.log(JSON.stringify({ postgres: postgresBinDir(), redis: redisServerBinary() }));`;
      const lookup = await run(
        as,
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        env,
      );
      expect(lookup.stderr).toBe("");
      expect(JSON.parse(lookup.stdout)).toEqual({
        postgres: onPath,
        redis: path.join(onPath, "redis-server"),
      });
    });

    it("gemsweep services up, status and down run them as that user", async () => {
      const up = await run(as, process.execPath, [bin, "services", "up"], env);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      const status = await run(as, process.execPath, [bin, "services", "status", "--json"], env);
      expect(status.code).toBe(0);
      const rows = JSON.parse(status.stdout) as Array<{
        name: string;
        pid: number;
        dataDir: string;
      }>;
      for (const row of rows) {
        const [owner, ...command] = execFileSync(
          "ps",
          ["-o", "uid=,args=", "-p", String(row.pid)],
          {
            encoding: "utf8",
          },
        )
          .trim()
          .split(/\s+/);
        expect(Number(owner), `${row.name} runs as ${as.name}`).toBe(as.uid);
        expect(row.dataDir.startsWith(home), `${row.name} keeps its data in the state folder`).toBe(
          true,
        );
        // redis-server names itself by the path it was started as: the link on PATH
        if (row.name === "redis") expect(command[0]).toBe(path.join(onPath, "redis-server"));
      }
      const down = await run(as, process.execPath, [bin, "services", "down"], env);
      expect(down.code).toBe(0);
      const after = await run(as, process.execPath, [bin, "services", "status"], env);
      expect(after.code).toBe(1);
    });

    it("setup stops and names what to install (Debian and Homebrew) when a required one is missing", async () => {
      const check = await run(as, "bash", ["scripts/setup.sh", "--check"], {
        ...env,
        GEMSWEEP_PG_BIN: path.join(home, "no-postgres-here"),
      });
      expect(check.code).toBe(1);
      expect(check.stderr).toContain("setup: missing (required): postgresql.");
      expect(check.stderr).toContain("Debian/Ubuntu: sudo apt-get install -y postgresql");
      expect(check.stderr).toContain("Homebrew:      brew install postgresql@17");
    });
  },
);

// The Fashion-MNIST package is optional: without it setup says the trainer downloads the data,
// and goes on. Its folder is hidden in a mount namespace, which needs root.
const datasetFolder = "/usr/share/datasets";
const cannotHideDatasets = cannotRun
  ? cannotRun
  : !existsSync(datasetFolder)
    ? undefined
    : !asRoot
      ? `${datasetFolder} exists and only root can hide it (a mount namespace)`
      : spawnSync("unshare", ["--mount", "true"]).status !== 0
        ? `${datasetFolder} exists and this machine refuses a mount namespace (unshare --mount) to hide it`
        : undefined;
if (cannotHideDatasets && !cannotRun)
  console.warn(
    `non-root-binaries-on-path: the optional-dataset case cannot run: ${cannotHideDatasets}`,
  );
describe.skipIf(Boolean(cannotHideDatasets))(
  `without the Fashion-MNIST package${cannotHideDatasets ? ` [cannot run: ${cannotHideDatasets}]` : ""}`,
  () => {
    it("setup notes that the data is downloaded on first use and exits 0", async () => {
      const as = user as User;
      const check = existsSync(datasetFolder)
        ? await run(
            { name: "root", uid: 0, gid: 0 },
            "unshare",
            [
              "--mount",
              "--propagation",
              "private",
              "/bin/sh",
              "-c",
              `mount -t tmpfs none ${datasetFolder} && exec setpriv --reuid=${as.uid} --regid=${as.gid} --clear-groups bash scripts/setup.sh --check`,
            ],
            env,
          )
        : await run(as, "bash", ["scripts/setup.sh", "--check"], env);
      expect(check.code).toBe(0);
      expect(check.stderr).toContain("setup: Fashion-MNIST is not on disk (optional");
      expect(check.stderr).toContain("the trainer downloads it on first use");
    });
  },
);
