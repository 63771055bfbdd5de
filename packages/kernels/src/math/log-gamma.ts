// Lanczos approximation (g = 7, n = 9): ~1e-15 relative accuracy for x > 0, enough for the
// Beta-function constants of the ReLU-limit property.
const G = 7;
const COEFFS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = COEFFS[0] as number;
  for (let i = 1; i < G + 2; i++) sum += (COEFFS[i] as number) / (z + i);
  const t = z + G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The Beta function B(a, b) = Γ(a) Γ(b) / Γ(a + b). */
export function betaFunction(a: number, b: number): number {
  return Math.exp(logGamma(a) + logGamma(b) - logGamma(a + b));
}
