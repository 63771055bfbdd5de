import { apiHandler } from "@/server/api-handler";
import { paginationQuerySchema, sweepCreatedSchema, sweepListSchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { readSpecBody } from "@/server/read-body";
import { recordAudit } from "@/server/record-audit";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Sweeps, newest first, with status counts (one grouped query for the page) and the total. */
export const GET = apiHandler("GET /api/sweeps", async (request) => {
  const query = parseQuery(paginationQuerySchema, request);
  return schemaResponse(sweepListSchema, await serverContext().storage.sweepPage(query));
});

/** Creates a sweep from a JSON or YAML spec and enqueues its trials: 201 {id, trials}. */
export const POST = apiHandler("POST /api/sweeps", async (request, _params, caller) => {
  const spec = await readSpecBody(request);
  const created = await serverContext().orchestrator.submit(spec);
  await recordAudit(caller, "sweep.launch", created.id, { trials: created.trials });
  return schemaResponse(sweepCreatedSchema, created, { status: 201, headers: { location: `/api/sweeps/${created.id}` } });
});
