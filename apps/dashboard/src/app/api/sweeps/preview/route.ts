import { ErrorCode, isGemSweepError } from "@gemsweep/contracts";
import { dryRunText, previewSpec } from "@gemsweep/core";
import { apiHandler } from "@/server/api-handler";
import { previewQuerySchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { readSpecBody } from "@/server/read-body";

export const dynamic = "force-dynamic";

/**
 * What the editor shows while typing: the spec validated by the same schema as POST
 * /api/sweeps, with the trial count per stage, the table shape, the compute estimate on
 * `?backend=` (wasm by default) and the dry run's report. A spec with errors (YAML syntax
 * included) is a 200 `{ ok: false, errors }`; only an oversized body is refused. Writes nothing.
 */
export const POST = apiHandler("POST /api/sweeps/preview", async (request) => {
  const { backend } = parseQuery(previewQuerySchema, request);
  let spec: unknown;
  try {
    spec = await readSpecBody(request);
  } catch (err) {
    if (isGemSweepError(err) && err.code === ErrorCode.INVALID_SPEC) return Response.json({ ok: false, errors: err.issues });
    throw err;
  }
  const preview = previewSpec(spec, backend === "auto" ? "wasm" : backend);
  if (!preview.ok) return Response.json({ ok: false, errors: preview.errors });
  return Response.json({ ok: true, summary: preview.summary, plan: dryRunText(preview.spec, preview.summary) });
});
