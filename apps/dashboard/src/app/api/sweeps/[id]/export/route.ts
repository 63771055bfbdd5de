// Why: GET /api/sweeps/:id/export, a sweep's raw rows streamed from a server-side cursor in CSV, JSON Lines or Parquet.
import { RAW_EXPORT_CONTENT_TYPES, rawExportBytes } from "@gemsweep/core";
import { apiHandler } from "@/server/api-handler";
import { parseQuery } from "@/server/parse-query";
import { exportQuerySchema } from "@/server/research-schemas";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** A file name a browser may save: the sweep's name reduced to safe characters. */
function fileStem(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "sweep"
  );
}

/**
 * One row per trial or epoch (`what`), as `format`, streamed: each chunk is encoded when the
 * client reads it, from a cursor batch read then, so the response never holds the sweep.
 */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/export", async (request, { id: ref }) => {
  const query = parseQuery(exportQuerySchema, request);
  const id = await sweepIdOf(ref);
  const { sweep, columns, batches } = await serverContext().storage.sweepExport(id, query.what);
  const bytes = rawExportBytes(query.format, columns, batches);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await bytes.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await bytes.return(undefined); // closes the cursor and hands its connection back
    },
  });
  return new Response(body, {
    headers: {
      "content-type": RAW_EXPORT_CONTENT_TYPES[query.format],
      "content-disposition": `attachment; filename="${fileStem(sweep.name)}-${query.what}.${query.format}"`,
      "cache-control": "no-store",
    },
  });
});
