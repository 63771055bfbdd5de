// Why: GET /api/compare, sweeps side by side from their stored plans and tables.
import { compareTables } from "@gemsweep/core";
import { apiHandler } from "@/server/api-handler";
import { compareQuerySchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { parseQuery } from "@/server/parse-query";
import { serverContext } from "@/server/server-context";
import { sweepComparisonSchema } from "@/server/table-schemas";

export const dynamic = "force-dynamic";

/** Two or more sweeps side by side (`ids=a,b`): their tables on the benchmarks they share, and where their specs differ. */
export const GET = apiHandler("GET /api/compare", async (request) => {
  const query = parseQuery(compareQuerySchema, request);
  const { storage } = serverContext();
  const sweeps = await Promise.all(
    query.ids.map(async (ref, i) => {
      const { id } = await storage.resolveSweep(ref, `ids.${i}`);
      const [detail, table] = await Promise.all([
        storage.sweepDetail(id),
        storage.sweepTable(id, { value: query.metric }),
      ]);
      return { id, name: detail.name, plan: detail.plan, table };
    }),
  );
  return schemaResponse(sweepComparisonSchema, compareTables(sweeps));
});
