// Seeded uniform test values, so a failing case can be rerun exactly.

/** n uniform values in [-scale/2, scale/2), the same for the same seed (a 32-bit LCG). */
export function randoms(n: number, seed: number, scale = 1): Float32Array {
  let s = (seed * 2654435761 + 12345) >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 4294967296 - 0.5) * scale;
  });
}
