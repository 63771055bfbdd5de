import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { rawExportBytes, type RawRecord } from "@gemsweep/core";
import type { ExportOptions } from "../commands/export-command.js";
import { withDatabase } from "../with-database.js";

async function writeAll(chunks: AsyncIterable<Uint8Array>, out: Writable): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (!out.write(chunk)) await once(out, "drain");
  }
  return bytes;
}

/**
 * Streams a sweep's raw rows (one per trial or per epoch) in CSV, JSON Lines or Parquet to a
 * file (written next to it, then renamed: a failed export leaves no half file) or to standard
 * output. Rows come through a server-side cursor, so memory does not grow with the sweep.
 */
export async function exportSweep(ref: string, options: ExportOptions): Promise<void> {
  const toFile = options.out !== undefined && options.out !== "-";
  if (!toFile && options.format === "parquet" && process.stdout.isTTY) {
    throw new GemSweepError(
      ErrorCode.INVALID_INPUT,
      "Parquet is binary: give --out FILE or redirect standard output",
      {
        issues: [{ path: "--out", message: "required for --format parquet on a terminal" }],
      },
    );
  }
  const started = performance.now();
  await withDatabase(async ({ storage }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    const { columns, batches } = await storage.sweepExport(id, options.what);
    let rows = 0;
    const counted = (async function* () {
      for await (const batch of batches) {
        rows += batch.length;
        yield batch as RawRecord[];
      }
    })();
    const bytes = rawExportBytes(options.format, columns, counted);
    let written: number;
    if (toFile) {
      const partial = `${options.out}.partial`;
      const file = createWriteStream(partial);
      try {
        written = await writeAll(bytes, file);
        file.end();
        await once(file, "close");
        await rename(partial, options.out!);
      } catch (error) {
        file.destroy();
        await rm(partial, { force: true });
        throw error;
      }
    } else {
      process.stdout.on("error", () => undefined); // a closed pipe (| head) ends the export quietly
      written = await writeAll(bytes, process.stdout);
    }
    const seconds = (performance.now() - started) / 1000;
    console.error(
      `exported ${rows} ${options.what === "trials" ? "trial" : "epoch"} rows of sweep ${id} (${columns.length} columns, ${written} bytes, ${options.format}) in ${seconds.toFixed(1)} s${toFile ? ` to ${options.out}` : ""}`,
    );
  });
}
