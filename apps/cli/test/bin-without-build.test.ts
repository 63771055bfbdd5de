import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CLI_DIR = path.resolve(import.meta.dirname, "..");

describe("bin/gemsweep.js without a build", () => {
  it("exits 1 and says how to build the CLI", () => {
    // the bin and what it reads, copied where no dist exists (the real dist stays untouched)
    const copy = path.join(mkdtempSync(path.join(tmpdir(), "gemsweep-nobuild-")), "apps/cli");
    for (const file of ["bin/gemsweep.js", "build/stale-build.js"]) {
      mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      copyFileSync(path.join(CLI_DIR, file), path.join(copy, file));
    }
    writeFileSync(path.join(copy, "package.json"), JSON.stringify({ type: "module" }));
    const result = spawnSync(process.execPath, [path.join(copy, "bin/gemsweep.js"), "--version"], {
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the CLI is not built \(apps\/cli\/dist\/main\.js is missing\)/);
    expect(result.stderr).toMatch(/npm run build:cli/);
    expect(result.stdout).toBe("");
  });
});
