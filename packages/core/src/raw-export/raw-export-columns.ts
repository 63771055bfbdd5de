// Why: the columns of a raw export (one row per trial or per epoch), known from the plan before the first row is read.
import { ACTIVATION_PARAMS, HYPER_FIELDS, isHyperKey } from "@gemsweep/contracts";
import * as z from "zod";
import type { SweepPlan } from "../plan/sweep-plan.js";

export const RAW_EXPORT_WHATS = ["trials", "epochs"] as const;
export const rawExportWhatSchema = z.enum(RAW_EXPORT_WHATS);
export type RawExportWhat = z.output<typeof rawExportWhatSchema>;

/** A column's value type: how CSV, JSON Lines and Parquet write it. */
export type RawColumnType = "string" | "int" | "double" | "boolean" | "timestamp" | "json";

export interface RawColumn {
  name: string;
  type: RawColumnType;
}

/** One exported row, keyed by column name (a missing key is null). */
export type RawRecord = Record<string, unknown>;

/** Prefix of the hyperparameter columns: `hyper_lr`, `hyper_batchSize` (the spec's own keys). */
export const HYPER_COLUMN_PREFIX = "hyper_";

const col = (name: string, type: RawColumnType): RawColumn => ({ name, type });

/** Which trial the row is and what it trained: identity, its table row and stage, the activation's parameters. */
const IDENTITY: RawColumn[] = [
  col("sweep_id", "string"),
  col("trial_id", "string"),
  col("benchmark", "string"),
  col("config_key", "string"),
  // the table row (activation and swept values) the trial counts in, or tunes for (stage TUNE)
  col("row_key", "string"),
  col("stage", "string"),
  // a tuning trial's setting number within its config; null in stage COMPARE
  col("sample", "int"),
  col("activation_key", "string"),
  col("activation", "string"),
  ...ACTIVATION_PARAMS.map((p) => col(p, p === "N" ? "int" : "double")),
  col("seed", "int"),
];

const TRIAL_OUTCOME: RawColumn[] = [
  col("status", "string"),
  col("final_metric", "double"),
  col("best_metric", "double"),
  col("best_epoch", "int"),
  col("final_loss", "double"),
  col("epochs_done", "int"),
  col("rung", "int"),
  col("attempts", "int"),
  col("error", "string"),
  col("created_at", "timestamp"),
  col("started_at", "timestamp"),
  col("finished_at", "timestamp"),
];

const EPOCH_NUMBERS: RawColumn[] = [
  col("trial_status", "string"),
  col("attempt", "int"),
  col("epoch", "int"),
  col("loss", "double"),
  col("metric", "double"),
  col("val_metric", "double"),
  col("val_loss", "double"),
  col("test_metric", "double"),
  col("test_loss", "double"),
  col("lr", "double"),
  col("train_loss", "double"),
  col("samples_per_sec", "double"),
  col("epoch_seconds", "double"),
  col("grad_norm", "double"),
  col("recorded_at", "timestamp"),
];

/** The attempt's reproducibility record (contracts' ReproRecord), flattened. */
export const REPRO_COLUMNS: readonly RawColumn[] = [
  col("repro_attempt", "int"),
  col("git_commit", "string"),
  col("git_dirty", "boolean"),
  col("gemsweep_version", "string"),
  col("tfjs_version", "string"),
  col("node_version", "string"),
  col("lockfile_sha256", "string"),
  col("backend", "string"),
  col("device", "string"),
  col("worker_id", "string"),
  col("dataset", "string"),
  col("dataset_checksum", "string"),
  col("dataset_verified", "string"),
];

/**
 * A hyperparameter column's type: the contracts' rule for the key when there is one (a tuning
 * trial's lr or weightDecay may be fractional where every config's default is 0), else what the
 * plan's values share.
 */
function hyperType(key: string, values: readonly unknown[]): RawColumnType {
  if (isHyperKey(key)) {
    const rule = HYPER_FIELDS[key] as { def: { type: string }; format?: string | null };
    if (rule.def.type === "number") return rule.format === "safeint" ? "int" : "double";
    if (rule.def.type === "enum") return "string";
    return "json";
  }
  if (values.every((v) => typeof v === "number"))
    return values.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31)
      ? "int"
      : "double";
  if (values.every((v) => typeof v === "string")) return "string";
  if (values.every((v) => typeof v === "boolean")) return "boolean";
  return "json";
}

/** The part of a stored plan the export's columns come from. */
export type RawExportPlan = Pick<SweepPlan, "configs"> & Partial<Pick<SweepPlan, "swept" | "tuning">>;

/**
 * Every hyperparameter any of the plan's configs resolves, every swept one of its rows and every
 * one its tuning stage tunes, as `hyper_<key>` columns (sorted by key).
 */
export function hyperColumns(plan: RawExportPlan): RawColumn[] {
  const values = new Map<string, unknown[]>();
  for (const key of [...(plan.swept ?? []), ...(plan.tuning?.over ?? [])]) values.set(key, []);
  for (const config of plan.configs) {
    for (const [key, value] of Object.entries(config.hyper as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      values.set(key, [...(values.get(key) ?? []), value]);
    }
  }
  return [...values.keys()]
    .sort()
    .map((key) => col(`${HYPER_COLUMN_PREFIX}${key}`, hyperType(key, values.get(key)!)));
}

/**
 * The columns of a sweep's raw export: one row per trial (its outcome) or per epoch (its
 * numbers), each with the trial's identity, activation parameters, every hyperparameter and the
 * reproducibility record of the attempt (the trial's last; the epoch's own).
 */
export function rawExportColumns(
  plan: RawExportPlan,
  what: RawExportWhat,
): RawColumn[] {
  const hyper = hyperColumns(plan);
  if (what === "trials")
    return [col("sweep_name", "string"), ...IDENTITY, ...hyper, ...TRIAL_OUTCOME, ...REPRO_COLUMNS];
  return [...IDENTITY, ...hyper, ...EPOCH_NUMBERS, ...REPRO_COLUMNS];
}
