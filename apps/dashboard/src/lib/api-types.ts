// Why: the pages' view of the API's JSON, inferred from the server's zod schemas (type-only imports: no server code reaches the browser).
import type { TrialStatus } from "@gemsweep/contracts";
import type * as z from "zod";
import type {
  attemptSchema,
  curveSchema,
  curvePointSchema,
  curvesSchema,
  epochSchema,
  layerHealthSchema,
  previewSchema,
  sweepDetailSchema,
  sweepListSchema,
  sweepSummarySchema,
  trialDetailSchema,
  trialPageSchema,
  trialRowSchema,
  tuningSchema,
  workerListSchema,
  workerSchema,
} from "@/server/api-schemas";
import type { comparisonCellSchema, comparisonTableSchema, sweepComparisonSchema, tableRowSchema } from "@/server/table-schemas";

/** The order pages list trial statuses in (the statuses themselves are the contracts'). */
export const TRIAL_STATUS_ORDER = ["COMPLETED", "RUNNING", "QUEUED", "WAITING", "DIVERGED", "FAILED", "PRUNED", "CANCELLED"] as const satisfies readonly TrialStatus[];
export type TrialStatusName = TrialStatus;
export type StatusCounts = Record<TrialStatus, number>;

export type SweepSummary = z.output<typeof sweepSummarySchema>;
export type SweepDetail = z.output<typeof sweepDetailSchema>;
export type SweepList = z.output<typeof sweepListSchema>;
export type TrialRow = z.output<typeof trialRowSchema>;
export type TrialPage = z.output<typeof trialPageSchema>;
export type LayerHealth = z.output<typeof layerHealthSchema>;
export type EpochRow = z.output<typeof epochSchema>;
export type AttemptRow = z.output<typeof attemptSchema>;
export type TrialDetail = z.output<typeof trialDetailSchema>;
export type CurvePoint = z.output<typeof curvePointSchema>;
export type Curve = z.output<typeof curveSchema>;
export type Curves = z.output<typeof curvesSchema>;
export type CurveSplit = Curves["split"];
export type TableCell = z.output<typeof comparisonCellSchema>;
export type TableRow = z.output<typeof tableRowSchema>;
export type ComparisonTableJson = z.output<typeof comparisonTableSchema>;
export type SweepComparison = z.output<typeof sweepComparisonSchema>;
export type WorkerRow = z.output<typeof workerSchema>;
export type WorkerList = z.output<typeof workerListSchema>;
export type SpecPreview = z.output<typeof previewSchema>;
export type SweepTuningJson = z.output<typeof tuningSchema>;
