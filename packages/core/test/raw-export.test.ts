import { parse } from "csv-parse/sync";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { rawExportBytes, rawExportColumns, type RawColumn, type RawRecord } from "../src/index.js";

// The raw export writers on rows of every column type, read back by independent parsers
// (csv-parse, JSON.parse, hyparquet), and the columns a plan yields.

const COLUMNS: RawColumn[] = [
  { name: "name", type: "string" },
  { name: "n", type: "int" },
  { name: "x", type: "double" },
  { name: "ok", type: "boolean" },
  { name: "at", type: "timestamp" },
  { name: "list", type: "json" },
];

const ROWS: RawRecord[] = [
  {
    name: "plain",
    n: 1,
    x: 0.5,
    ok: true,
    at: new Date("2026-01-02T03:04:05.678Z"),
    list: [30, 60],
  },
  { name: "=cmd()", n: -2, x: Number.NaN, ok: false, at: null, list: null },
  {
    name: 'quote " and, comma\nnewline',
    n: null,
    x: Number.POSITIVE_INFINITY,
    ok: null,
    at: new Date(0),
    list: { a: 1 },
  },
  { n: 3, x: -1e-300 },
  { name: "e", n: 4, x: 2.5, ok: true, at: new Date(1000), list: [] },
  { name: "f", n: 5, x: 3.5, ok: true, at: new Date(2000), list: [1] },
  { name: "g", n: 6, x: 4.5, ok: false, at: new Date(3000), list: [2] },
];

async function* inBatches(rows: RawRecord[], size: number): AsyncGenerator<RawRecord[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

async function bytesOf(
  format: "csv" | "jsonl" | "parquet",
): Promise<{ bytes: Uint8Array; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of rawExportBytes(format, COLUMNS, inBatches(ROWS, 2))) parts.push(chunk);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
  }
  return { bytes, chunks: parts.length };
}

describe("raw export writers", () => {
  it("CSV: a header, RFC 4180 quoting, formula-looking text prefixed, empty for null and NaN, ISO times, JSON text", async () => {
    const { bytes, chunks } = await bytesOf("csv");
    expect(chunks).toBe(5); // the header, then one chunk per batch of 2
    const rows = parse(new TextDecoder().decode(bytes), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(ROWS.length);
    expect(rows[0]).toEqual({
      name: "plain",
      n: "1",
      x: "0.5",
      ok: "true",
      at: "2026-01-02T03:04:05.678Z",
      list: "[30,60]",
    });
    expect(rows[1]).toEqual({ name: "'=cmd()", n: "-2", x: "", ok: "false", at: "", list: "" });
    expect(rows[2]).toMatchObject({
      name: 'quote " and, comma\nnewline',
      n: "",
      x: "Infinity",
      list: '{"a":1}',
      at: "1970-01-01T00:00:00.000Z",
    });
    expect(rows[3]).toMatchObject({ name: "", n: "3", x: "-1e-300" });
  });

  it("JSON Lines: one object per row with every column, null where empty or non-finite", async () => {
    const lines = new TextDecoder()
      .decode((await bytesOf("jsonl")).bytes)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(ROWS.length);
    expect(lines[0]).toEqual({
      name: "plain",
      n: 1,
      x: 0.5,
      ok: true,
      at: "2026-01-02T03:04:05.678Z",
      list: [30, 60],
    });
    expect(lines[1]).toEqual({ name: "=cmd()", n: -2, x: null, ok: false, at: null, list: null });
    expect(lines[3]).toEqual({ name: null, n: 3, x: -1e-300, ok: null, at: null, list: null });
  });

  it("Parquet: typed columns, several row groups, read back by hyparquet", async () => {
    const parts: Uint8Array[] = [];
    const { rawParquetChunks } = await import("../src/raw-export/raw-parquet.js");
    for await (const chunk of rawParquetChunks(COLUMNS, inBatches(ROWS, 2), { rowGroupRows: 3 }))
      parts.push(chunk);
    expect(parts.length).toBe(4); // one chunk per row group as it is written (3, 3, 1 rows), then the footer
    const bytes = Buffer.concat(parts);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3, 1]);
    expect(metadata.schema.slice(1).map((e) => [e.name, e.type])).toEqual([
      ["name", "BYTE_ARRAY"],
      ["n", "INT32"],
      ["x", "DOUBLE"],
      ["ok", "BOOLEAN"],
      ["at", "INT64"],
      ["list", "BYTE_ARRAY"],
    ]);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      name: "plain",
      n: 1,
      x: 0.5,
      ok: true,
      at: new Date("2026-01-02T03:04:05.678Z"),
      list: "[30,60]",
    });
    expect(rows[1]).toMatchObject({ name: "=cmd()", n: -2, ok: false, at: null, list: null });
    expect(Number.isNaN(rows[1]!["x"])).toBe(true);
    expect(rows[2]).toMatchObject({
      name: 'quote " and, comma\nnewline',
      n: null,
      x: Number.POSITIVE_INFINITY,
      ok: null,
    });
    expect(rows[6]).toEqual({
      name: "g",
      n: 6,
      x: 4.5,
      ok: false,
      at: new Date(3000),
      list: "[2]",
    });
  });

  it("an empty export is a header (CSV), nothing (JSON Lines) or a valid file of no rows (Parquet)", async () => {
    const empty = async function* (): AsyncGenerator<RawRecord[]> {};
    const collect = async (format: "csv" | "jsonl" | "parquet") => {
      const parts: Uint8Array[] = [];
      for await (const chunk of rawExportBytes(format, COLUMNS, empty())) parts.push(chunk);
      return Buffer.concat(parts);
    };
    expect((await collect("csv")).toString()).toBe("name,n,x,ok,at,list\r\n");
    expect((await collect("jsonl")).length).toBe(0);
    const parquet = await collect("parquet");
    expect(
      parquetMetadata(
        parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength),
      ).num_rows,
    ).toBe(0n);
  });
});

describe("rawExportColumns", () => {
  it("one hyper_ column per hyperparameter any config resolves, typed by its values", () => {
    const configs = [
      { hyper: { epochs: 10, lr: 0.1, optimizer: "sgd", milestones: [5, 8] } },
      { hyper: { epochs: 20, lr: 1, optimizer: "adam" } },
    ];
    const columns = rawExportColumns({ configs } as never, "epochs");
    const hyper = columns.filter((c) => c.name.startsWith("hyper_"));
    expect(hyper).toEqual([
      { name: "hyper_epochs", type: "int" },
      { name: "hyper_lr", type: "double" },
      { name: "hyper_milestones", type: "json" },
      { name: "hyper_optimizer", type: "string" },
    ]);
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "N",
        "eps",
        "alpha",
        "epoch",
        "val_metric",
        "git_commit",
        "dataset_checksum",
      ]),
    );
    expect(rawExportColumns({ configs } as never, "trials").map((c) => c.name)).toEqual(
      expect.arrayContaining(["sweep_name", "final_metric", "best_epoch"]),
    );
    expect(new Set(columns.map((c) => c.name)).size).toBe(columns.length);
  });

  it("a plan's swept and tuned hyperparameters get columns typed by the contracts, not by the defaults", () => {
    // every config holds weightDecay at its default 0 (stage 1 tunes it): its column is still a double
    const configs = [{ hyper: { epochs: 3, lr: 0.01, optimizer: "adam", weightDecay: 0 } }];
    const plan = { configs, swept: ["lr"], tuning: { over: ["weightDecay", "batchSize"] } };
    const columns = rawExportColumns(plan as never, "trials");
    expect(columns.filter((c) => c.name.startsWith("hyper_"))).toEqual([
      { name: "hyper_batchSize", type: "int" },
      { name: "hyper_epochs", type: "int" },
      { name: "hyper_lr", type: "double" },
      { name: "hyper_optimizer", type: "string" },
      { name: "hyper_weightDecay", type: "double" },
    ]);
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(["row_key", "stage", "sample", "rung"]),
    );
    expect(rawExportColumns(plan as never, "epochs").map((c) => c.name)).not.toContain("rung");
  });
});
