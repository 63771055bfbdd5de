import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/**
 * Stage 1 of a tune-then-compare sweep, config by config: its tuning trials (setting, status,
 * ASHA rung, validation score, why it stopped), the choice once made, and its comparison trials
 * by status. A one-stage sweep answers `{ stages: 1, groups: [] }`.
 */
export const GET = apiHandler<{ id: string }>(async (_request, { id }) => {
  return Response.json(await serverContext().storage.sweepTuning(sweepIdOf(id)));
});
