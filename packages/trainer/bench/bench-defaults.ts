// Why: a ResNet epoch is 50,000 images (minutes on a CPU), so the training benchmarks measure a
// slice of one unless told otherwise; one place so bench:train and its reference agree.

/** bench:train's defaults per benchmark, as command-line strings (an explicit option wins). */
export function benchDefaults(benchmark: string): { epochs?: string; trainLimit?: string; testLimit?: string } {
  // two epochs of 20 steps: the faster one (the second, past first-use compiles) is reported
  if (/resnet/.test(benchmark)) return { epochs: "2", trainLimit: "2560", testLimit: "500" };
  return {};
}
