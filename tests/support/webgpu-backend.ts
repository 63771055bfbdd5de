import { spawnSync } from "node:child_process";
import path from "node:path";
import { BackendUnavailableError, loadBackend } from "@gemsweep/kernels";

// Whether the webgpu suites run here: a GPU, or Mesa's lavapipe on the CPU, which
// `scripts/setup.sh --webgpu` installs for `npm test`. GEMSWEEP_REQUIRE_WEBGPU=1 (set by
// scripts/test.sh once an adapter exists) turns a missing backend into a failure instead of a
// quietly skipped suite.

function unavailable(reason: string, cause?: unknown): false {
  if (process.env["GEMSWEEP_REQUIRE_WEBGPU"] === "1") {
    throw new Error(`GEMSWEEP_REQUIRE_WEBGPU=1 but webgpu is unavailable: ${reason} (scripts/setup.sh --webgpu installs it)`, { cause });
  }
  return false;
}

/** Loads the webgpu backend in this process; leaves it selected when it loads. */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    await loadBackend("webgpu");
    return true;
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    return unavailable(error.message, error);
  }
}

/** Asks scripts/webgpu-adapter.mjs in a child process, for suites that start webgpu workers rather than load tfjs. */
export function webgpuAdapterHere(): boolean {
  const probe = spawnSync(process.execPath, [path.resolve(import.meta.dirname, "../../scripts/webgpu-adapter.mjs")], { encoding: "utf8" });
  return probe.status === 0 || unavailable(probe.stderr.trim().split("\n").pop() ?? `exit ${probe.status}`);
}
