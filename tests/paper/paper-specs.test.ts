import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  activationGridOf,
  describeSweep,
  formatDuration,
  dryRunText,
  parseSpec,
  parseSpecText,
} from "@gemsweep/core";
import { REPO_ROOT } from "../support/gemsweep-cli.js";

// The GEM paper's five experiments ship as specs (examples/paper/*.yaml, issue #16). Each must
// validate, dry-run without services, tune before it compares (the paper's lr is unknown), run
// the activations the paper reports, and state in its opening comment what is known, what is
// assumed and the trial counts the dry run plans (checked here, so the comment cannot drift).

const DIR = path.join(REPO_ROOT, "examples/paper");

/** Per file: its benchmark and the activation keys the paper's numbers are about. */
const PAPER: Record<string, { benchmark: string; reported: string[] }> = {
  "mnist-cnn.yaml": { benchmark: "mnist-cnn", reported: ["gelu", "e-gem|N=1|eps=0.0001"] },
  "cifar10-resnet56.yaml": {
    benchmark: "cifar10-resnet56",
    reported: ["gelu", "se-gem|N=1|eps=0.0001|alpha=0.01"],
  },
  "cifar100-resnet56.yaml": {
    benchmark: "cifar100-resnet56",
    reported: ["gelu", "gem|N=1", "gem|N=2", "e-gem|N=1|eps=0.0001"],
  },
  "gpt2-124m.yaml": { benchmark: "gpt2-124m", reported: ["gelu", "gem|N=1", "gem|N=2"] },
  "bert-small.yaml": { benchmark: "bert-small", reported: ["gelu", "e-gem|N=2|eps=10"] },
};

/** The comment block the file opens with. */
function openingComment(text: string): string {
  const lines = text.split("\n");
  const end = lines.findIndex((l) => !l.startsWith("#"));
  return lines.slice(0, end).join("\n");
}

describe("examples/paper: the paper's experiments", () => {
  it("ships exactly the five specs", () => {
    expect(
      readdirSync(DIR)
        .filter((f) => f.endsWith(".yaml"))
        .sort(),
    ).toEqual(Object.keys(PAPER).sort());
  });

  for (const [file, expected] of Object.entries(PAPER)) {
    describe(file, () => {
      const text = readFileSync(path.join(DIR, file), "utf8");
      const spec = parseSpec(parseSpecText(text));
      const summary = describeSweep(spec, "wasm");
      const comment = openingComment(text);

      it("validates, on its benchmark, against GELU, tuning lr on validation before the comparison", () => {
        expect(spec.benchmark).toEqual([expected.benchmark]);
        expect(spec.baseline).toBe("gelu");
        expect(spec.tune?.over).toEqual(["lr"]);
        expect(spec.tune?.metric).toBe("validation");
        expect(summary.stages.tune).not.toBeNull();
      });

      it("runs the activations the paper reports", () => {
        const keys = activationGridOf(spec).map((g) => g.key);
        for (const key of expected.reported) expect(keys).toContain(key);
      });

      it("opens with what is known from the paper, what is assumed, and the compute", () => {
        expect(comment).toMatch(/^# The GEM paper's /);
        expect(comment).toContain("Known from the paper");
        expect(comment).toContain("Assumed");
        expect(comment).toContain("Expected compute");
        // an estimate is printed only from a measured throughput; without one the comment must say so
        if (summary.estimate.seconds === null)
          expect(comment).toMatch(/No throughput \(GPU or CPU\) has been measured/);
        else {
          // only CPU figures exist: the comment says so and quotes the dry run's own estimate
          expect(comment).toContain("No GPU throughput has been measured");
          expect(comment).toContain(`is ${formatDuration(summary.estimate.seconds)} at most`);
          for (const stage of summary.estimate.stages) {
            const seconds = stage.secondsWithEarlyStopping ?? stage.seconds!;
            expect(comment).toContain(
              `${stage.stage === "tune" ? "stage 1" : "stage 2"} ${formatDuration(seconds)}`,
            );
          }
        }
        expect(comment).not.toMatch(/https?:\/\//);
      });

      it("plans the trial counts per stage its comment states, and the dry run prints them", () => {
        const stated = /stage 1 \(tune\): (\d+) trials; stage 2 \(compare\): (\d+) trials/.exec(
          comment,
        );
        expect(stated, "the comment's compute line").not.toBeNull();
        const [tune, compare] = [Number(stated![1]), Number(stated![2])];
        expect(summary.stages.tune!.trials).toBe(tune);
        expect(summary.stages.compare.trials).toBe(compare);
        expect(summary.trials).toBe(tune + compare);
        const dry = dryRunText(spec, summary);
        expect(dry).toContain(`= ${tune} trials;`);
        expect(dry).toMatch(
          new RegExp(`= ${compare} trials, each config's once its tuning has chosen`),
        );
        expect(dry).toContain(`stage 1: ${tune} trials`);
        expect(dry).toContain(`stage 2: ${compare} trials`);
      });
    });
  }
});
