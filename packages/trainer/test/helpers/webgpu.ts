import { BackendUnavailableError, loadBackend } from "@gemsweep/kernels";

/**
 * Whether the webgpu backend can be loaded here (a GPU, or Mesa's lavapipe on the CPU, which
 * `npm test` installs). GEMSWEEP_REQUIRE_WEBGPU=1 (scripts/test.sh) turns a missing adapter into
 * a failure instead of a quiet skip. Leaves the wasm backend selected.
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
  } finally {
    await loadBackend("wasm");
  }
}
