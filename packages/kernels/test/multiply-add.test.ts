// The GEMM-like kernels' inner step, acc + a * b: fused (relaxed SIMD's f32x4.relaxed_madd, one
// rounding) where this Node's V8 has it, else a multiply and an add; the choice named in the
// wasm backend's device string. The unfused form is tested in unfused-kernels.test.ts (its own
// process state: the choice is made once per process).
import { describe, expect, it } from "vitest";
import { loadBackend } from "../src/index.js";
import { fusedMultiplyAdd } from "../src/expr/multiply-add.js";
import { multiplyAddOnce, ROUNDING_CASE } from "./multiply-add-probe.js";

describe("the kernels' multiply-add", () => {
  it("is fused on Node 20 (relaxed SIMD switched on at first use) unless GEMSWEEP_WASM_FMA=0", () => {
    expect(process.env["GEMSWEEP_WASM_FMA"]).toBeUndefined();
    expect(fusedMultiplyAdd()).toBe(true);
  });

  it("rounds once: (1 + 2^-12)^2 - (1 + 2^-11) keeps the 2^-24 that a separate multiply rounds away", () => {
    expect(multiplyAddOnce(ROUNDING_CASE)).toBe(ROUNDING_CASE.fused);
  });

  it("the wasm backend's device string says so (it goes into each trial's repro record)", async () => {
    const loaded = await loadBackend("wasm");
    expect(loaded.device).toMatch(/^WebAssembly SIMD \(fused multiply-add\)( \+ native GEMM \([A-Z0-9-]+\))? on /);
  });
});
