// Why: what an attempt ran with, recorded by the worker at its start and read by the trial page, the API and raw exports.
import * as z from "zod";

/** The dataset files a benchmark trains on and the checksums the trainer verifies them against. */
export const datasetRecordSchema = z.object({
  name: z.string().describe("the dataset (fashion-mnist, cifar-10, wikitext-2, ...)"),
  verified: z
    .enum(["every-load", "download", "none"])
    .describe(
      "when the trainer checks these sums: each time it loads the files, when it downloads them, or never",
    ),
  /** file name → `algorithm:hex` */
  files: z
    .record(z.string(), z.string())
    .describe("file → algorithm:hex digest the trainer checks"),
  checksum: z
    .string()
    .nullable()
    .describe(
      "sha256 over the sorted `file algorithm:hex` lines: one value to compare datasets by; null when nothing is checked",
    ),
});
export type DatasetRecord = z.output<typeof datasetRecordSchema>;

/**
 * An attempt's reproducibility record: the code (git commit, dirty flag, versions, lockfile
 * hash), where it ran (backend, device, Node) and on what (dataset checksums, the resolved config).
 */
export const reproRecordSchema = z.object({
  gitCommit: z
    .string()
    .nullable()
    .describe(
      "the commit the worker's code was checked out at (GEMSWEEP_GIT_COMMIT where there is no .git)",
    ),
  gitDirty: z
    .boolean()
    .nullable()
    .describe("tracked files differed from that commit; null when unknown"),
  gemsweepVersion: z.string(),
  tfjsVersion: z.string().nullable(),
  nodeVersion: z.string(),
  lockfileSha256: z.string().nullable().describe("sha256 of package-lock.json"),
  backend: z.string(),
  device: z.string(),
  workerId: z.string(),
  dataset: datasetRecordSchema.nullable().describe("null for benchmarks without data (sleep)"),
  config: z
    .object({
      benchmark: z.string(),
      activation: z.record(z.string(), z.unknown()),
      hyper: z.record(z.string(), z.unknown()),
      seed: z.int(),
      configKey: z.string(),
    })
    .describe("the resolved config the attempt trained"),
  recordedAt: z.string().describe("ISO time the attempt started"),
});
export type ReproRecord = z.output<typeof reproRecordSchema>;
