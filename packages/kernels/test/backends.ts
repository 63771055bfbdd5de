// The backends every kernel suite runs on: cpu and wasm always; webgpu where an adapter exists.
import { BackendUnavailableError, loadBackend, type BackendName } from "../src/index.js";

async function webgpuAvailable(): Promise<boolean> {
  try {
    await loadBackend("webgpu");
    return true;
  } catch (error) {
    if (error instanceof BackendUnavailableError) return false;
    throw error;
  }
}

export async function testBackends(): Promise<BackendName[]> {
  const list: BackendName[] = ["cpu", "wasm"];
  if (await webgpuAvailable()) list.push("webgpu");
  await loadBackend("cpu");
  return list;
}
