import { Rng, RngStream } from "../../src/index.js";

/** n uniform values in [-scale/2, scale/2), the same for the same seed. */
export function randoms(n: number, seed: number, scale = 1): Float32Array {
  const rng = new Rng(seed, RngStream.data);
  return Float32Array.from({ length: n }, () => (rng.next() - 0.5) * scale);
}
