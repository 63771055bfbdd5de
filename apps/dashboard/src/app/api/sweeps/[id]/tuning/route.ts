// Why: a tune-then-compare sweep's table shows stage 2; its stage 1 is read here, for the dashboard and scripts.
import { apiHandler } from "@/server/api-handler";
import { tuningSchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/**
 * Stage 1 of a tune-then-compare sweep, config by config: its tuning trials (setting, status,
 * ASHA rung, validation score, why it stopped), the choice once made, and its comparison trials
 * by status. A one-stage sweep answers `{ stages: 1, groups: [] }`.
 */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/tuning", async (_request, { id: ref }) => {
  return schemaResponse(tuningSchema, await serverContext().storage.sweepTuning(await sweepIdOf(ref)));
});
