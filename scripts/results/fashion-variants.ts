// Why: one spec file (fashion-mnist.yaml) is the committed result's; --full and --quick are the same
// sweep at other sizes, derived here so the three cannot drift apart. The variant's YAML (with a
// header saying what changed) is what is submitted, and the sweep stores it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

export type Variant = "default" | "full" | "quick";

export const SPEC_FILE = path.join(import.meta.dirname, "fashion-mnist.yaml");

interface RawSpec {
  name: string;
  activations: unknown[];
  overrides: Record<string, unknown>;
  tune: Record<string, unknown>;
  compare: Record<string, unknown>;
}

/** What each variant changes, in one line (printed in the doc). */
export const VARIANT_NOTE: Record<Variant, string> = {
  default:
    "the default size: training subsets and fewer epochs, to finish in about 45 minutes on 2 CPU cores",
  full: "--full: all 60,000 training images (10% held out for validation), 10 epochs for both models, 8 tuning draws",
  quick:
    "--quick: the end-to-end check's size (gelu and GEM N=1,2; 2 tuning draws; 1 comparison seed; 1 epoch of 600 images, 300 test images); its numbers mean nothing",
};

/** The spec text the variant submits. */
export function variantSpecText(variant: Variant): string {
  const text = readFileSync(SPEC_FILE, "utf8");
  if (variant === "default") return text;
  const spec = parse(text) as RawSpec;
  if (variant === "full") {
    spec.name = `${spec.name}-full`;
    spec.overrides = {
      batchSize: 128,
      lr: spec.overrides.lr,
      "fashion-mnist-mlp": { epochs: 10 },
      "fashion-mnist-cnn": { epochs: 10 },
    };
    spec.tune = { ...spec.tune, budget: 8 };
  } else {
    spec.name = `${spec.name}-quick`;
    spec.activations = ["gelu", { name: "gem", N: [1, 2] }];
    spec.overrides = {
      batchSize: 64,
      epochs: 1,
      trainLimit: 600,
      testLimit: 300,
      lr: spec.overrides.lr,
    };
    spec.tune = { over: ["lr"], budget: 2, seeds: 1, metric: "validation", scheduler: "none" };
    spec.compare = { seeds: 1, metric: "test" };
  }
  return `# ${path.relative(process.cwd(), SPEC_FILE)}, ${VARIANT_NOTE[variant]}\n${stringify(spec)}`;
}
