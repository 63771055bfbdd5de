// Why: the rules that tie hyperparameters to each other (a milestone past the last epoch, a
// warmup longer than training, minLr above lr) are checked in one place, on a trial's complete
// hyperparameters, so a spec, a queued job and the trainer all refuse the same things.

/** The fields the rules read; a structural type, so both Hyper and a partial merge fit. */
export interface HyperRuleFields {
  epochs?: number;
  lr?: number;
  schedule?: string;
  warmupEpochs?: number;
  warmupSteps?: number;
  milestones?: readonly number[];
  stepEpochs?: number;
  minLr?: number;
}

export interface HyperRuleIssue {
  /** Path of the offending value inside the hyperparameters (`milestones.1` is ["milestones", 1]). */
  path: (string | number)[];
  message: string;
  /** Every hyperparameter the rule involves: a spec reports the issue at the one it overrode. */
  keys: string[];
}

/** The cross-field problems of one trial's hyperparameters (none: a consistent set). */
export function hyperRuleIssues(h: HyperRuleFields): HyperRuleIssue[] {
  const issues: HyperRuleIssue[] = [];
  const { epochs, milestones } = h;
  if (milestones) {
    milestones.forEach((m, i) => {
      if (i > 0 && m <= milestones[i - 1]!) {
        issues.push({ path: ["milestones", i], message: `milestones must be ascending: ${m} follows ${milestones[i - 1]}`, keys: ["milestones"] });
      }
      if (epochs !== undefined && m >= epochs) {
        issues.push({ path: ["milestones", i], message: `milestone ${m} must be below epochs (${epochs})`, keys: ["milestones", "epochs"] });
      }
    });
  }
  if (h.schedule === "multistep" && !milestones) {
    issues.push({ path: ["milestones"], message: "required when schedule is multistep", keys: ["milestones", "schedule"] });
  }
  if (h.schedule === "step") {
    if (h.stepEpochs === undefined) issues.push({ path: ["stepEpochs"], message: "required when schedule is step", keys: ["stepEpochs", "schedule"] });
    else if (epochs !== undefined && h.stepEpochs >= epochs) {
      issues.push({ path: ["stepEpochs"], message: `stepEpochs (${h.stepEpochs}) must be below epochs (${epochs}): the rate would never decay`, keys: ["stepEpochs", "epochs"] });
    }
  }
  if (h.warmupEpochs !== undefined && epochs !== undefined && h.warmupEpochs >= epochs) {
    issues.push({ path: ["warmupEpochs"], message: `warmupEpochs (${h.warmupEpochs}) must be below epochs (${epochs})`, keys: ["warmupEpochs", "epochs"] });
  }
  if ((h.warmupEpochs ?? 0) > 0 && (h.warmupSteps ?? 0) > 0) {
    issues.push({ path: ["warmupSteps"], message: `set warmupEpochs (${h.warmupEpochs}) or warmupSteps (${h.warmupSteps}), not both`, keys: ["warmupSteps", "warmupEpochs"] });
  }
  if (h.minLr !== undefined && h.lr !== undefined && h.minLr >= h.lr) {
    issues.push({ path: ["minLr"], message: `minLr (${h.minLr}) must be below lr (${h.lr})`, keys: ["minLr", "lr"] });
  }
  return issues;
}
