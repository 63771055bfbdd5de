// The backends every kernel suite runs on: cpu and wasm always; webgpu where an adapter exists
// (a GPU, or lavapipe on the CPU, which `npm test` installs and then requires).
import type { BackendName } from "@gemsweep/contracts";
import { loadBackend } from "../src/index.js";
import { webgpuAvailable } from "../../../tests/support/webgpu-backend.js";

export async function testBackends(): Promise<BackendName[]> {
  const list: BackendName[] = ["cpu", "wasm"];
  if (await webgpuAvailable()) list.push("webgpu");
  await loadBackend("cpu");
  return list;
}
