import { BackendUnavailableError, loadBackend } from "@gemsweep/kernels";

/**
 * Whether the webgpu backend loads here (a GPU, or Mesa's lavapipe on the CPU, which
 * `scripts/setup.sh --webgpu` installs for `npm test`); leaves it selected when it does.
 * GEMSWEEP_REQUIRE_WEBGPU=1 (set by scripts/test.sh once an adapter exists) turns a missing
 * backend into a failure instead of a quietly skipped suite.
 */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    await loadBackend("webgpu");
    return true;
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    if (process.env["GEMSWEEP_REQUIRE_WEBGPU"] === "1") {
      throw new Error(`GEMSWEEP_REQUIRE_WEBGPU=1 but webgpu is unavailable: ${error.message} (scripts/setup.sh --webgpu installs it)`, { cause: error });
    }
    return false;
  }
}
