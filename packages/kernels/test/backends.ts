// The backends every kernel suite runs on: cpu and wasm always; webgpu where an adapter exists
// (a GPU, or Mesa's lavapipe on the CPU, which `npm test` installs). GEMSWEEP_REQUIRE_WEBGPU=1
// (set by scripts/test.sh) turns a missing adapter into a failure instead of a quiet skip.
import { BackendUnavailableError, loadBackend, type BackendName } from "../src/index.js";

async function webgpuAvailable(): Promise<boolean> {
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

export async function testBackends(): Promise<BackendName[]> {
  const list: BackendName[] = ["cpu", "wasm"];
  if (await webgpuAvailable()) list.push("webgpu");
  await loadBackend("cpu");
  return list;
}
