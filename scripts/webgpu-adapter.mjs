// Prints the WebGPU adapter that Dawn (npm `webgpu`) finds here as one JSON line, or says why
// there is none and exits 1. Used by scripts/setup.sh --webgpu, scripts/test.sh and the GPU check.
// --hardware: a software adapter (lavapipe, SwiftShader) counts as none.
const hardwareOnly = process.argv.includes("--hardware");
let dawn;
try {
  dawn = await import("webgpu");
} catch {
  console.error("no npm package `webgpu` (Dawn): scripts/setup.sh --webgpu installs it");
  process.exit(1);
}
Object.assign(globalThis, dawn.globals);
const adapter = await dawn.create([]).requestAdapter({ powerPreference: "high-performance" });
if (!adapter) {
  console.error("no WebGPU adapter: a GPU needs its Vulkan driver (VK_DRIVER_FILES?), a CPU needs Mesa >= 23's lavapipe");
  process.exit(1);
}
const { vendor, architecture, device, description, isFallbackAdapter } = adapter.info;
console.log(JSON.stringify({ vendor, architecture, device, description, software: Boolean(isFallbackAdapter) }));
if (hardwareOnly && isFallbackAdapter) {
  console.error("the only WebGPU adapter is a software one: is the GPU's Vulkan driver installed (VK_DRIVER_FILES)?");
  process.exit(1);
}
process.exit(0); // Dawn keeps the event loop alive
