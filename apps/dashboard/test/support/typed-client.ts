// Why: builds a typed API client from the live OpenAPI document (openapi-typescript + openapi-fetch) and type-checks code that uses it.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

/**
 * Code a client author would write against the generated types: create a sweep, read it back
 * with its spec, read its table, be refused without the token, cancel it with the token. It
 * only compiles if the document declares request bodies, parameters and response schemas.
 */
const CLIENT_SOURCE = `import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Activation = components["schemas"]["Activation"];

export async function createAndReadTable(baseUrl: string, token: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const created = await client.POST("/api/sweeps", {
    body: { name: "typed-client", benchmark: "sleep", seeds: [0, 1], baseline: "relu", activations: ["relu", { name: "gem", N: [1, 2] }] },
  });
  if (!created.data) throw new Error(\`create: HTTP \${created.response.status} \${JSON.stringify(created.error)}\`);
  const id: string = created.data.id;
  const trials: number = created.data.trials;
  const sweep = await client.GET("/api/sweeps/{id}", { params: { path: { id } } });
  if (!sweep.data) throw new Error("get sweep failed");
  const queued: number = sweep.data.counts.QUEUED;
  const table = await client.GET("/api/sweeps/{id}/table", { params: { path: { id }, query: { format: "json", metric: "final" } } });
  // The table's 200 is JSON, CSV, Markdown or LaTeX by \`format\`: a JSON table is an object.
  if (!table.data || typeof table.data === "string") throw new Error("table failed");
  const rows = table.data.rows;
  const activations: (Activation | null)[] = rows.map((r) => r.activation);
  const firstPending: number | undefined = rows[0]?.cells[0]?.pending;
  const firstMean: number | null | undefined = rows[0]?.cells[0]?.mean;
  const refused = await createClient<paths>({ baseUrl }).POST("/api/sweeps/{id}/cancel", { params: { path: { id } } });
  const refusedMessage: string | undefined = refused.error?.errors[0]?.message;
  const cancelled = await client.POST("/api/sweeps/{id}/cancel", { params: { path: { id } } });
  const cancelledCount: number | undefined = cancelled.data?.cancelled;
  return {
    id,
    trials,
    queued,
    name: sweep.data.name,
    spec: sweep.data.spec,
    rowKeys: rows.map((r) => r.key),
    rowActivations: activations,
    columns: table.data.columns.map((c) => c.benchmark),
    firstCellPending: firstPending,
    firstCellMean: firstMean,
    refusedStatus: refused.response.status,
    refusedMessage,
    cancelledCount,
  };
}
`;

/** Writes `api.d.ts` (generated from `doc`) and `client.ts` into `dir`; returns the client's path. */
export async function writeTypedClient(doc: object, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  // defaultNonNullable: false keeps request fields that have a default optional (the server fills them).
  const ast = await openapiTS(doc as Parameters<typeof openapiTS>[0], {
    defaultNonNullable: false,
  });
  writeFileSync(path.join(dir, "api.d.ts"), astToString(ast));
  const client = path.join(dir, "client.ts");
  writeFileSync(client, CLIENT_SOURCE);
  return client;
}

/** The TypeScript errors of `file` under strict settings (empty when it type-checks). */
export function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    skipLibCheck: true,
    exactOptionalPropertyTypes: false,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
}
