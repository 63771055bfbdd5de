import { loadBackend } from "@gemsweep/kernels";

/** The CPU workhorse backend that the throughput goals and these tests are about. */
export async function useWasm(): Promise<void> {
  await loadBackend("wasm");
}
