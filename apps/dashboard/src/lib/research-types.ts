// Why: the pages' view of the trial log and repro record JSON, inferred from the server's zod schemas (type-only imports).
import type * as z from "zod";
import type { reproSchema, trialLogLineSchema, trialLogsSchema } from "@/server/research-schemas";

export type ReproRecordJson = z.output<typeof reproSchema>;
export type TrialLogLineJson = z.output<typeof trialLogLineSchema>;
export type TrialLogsJson = z.output<typeof trialLogsSchema>;
