import * as z from "zod";
import { sweepSpecJsonSchema } from "@gemsweep/core";
import {
  curvesQuerySchema,
  curvesSchema,
  errorBodySchema,
  healthSchema,
  paginationQuerySchema,
  previewQuerySchema,
  previewSchema,
  sweepCreatedSchema,
  sweepListSchema,
  sweepSummarySchema,
  tableQuerySchema,
  trialDetailSchema,
  trialPageSchema,
  trialsQuerySchema,
  tuningSchema,
  workerListSchema,
  workersQuerySchema,
} from "./api-schemas";

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: "input" | "output" = "output"): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  return rest;
}

/** Query parameters of an object schema, one OpenAPI parameter per field. */
function queryParams(s: z.ZodObject): Json[] {
  return Object.entries(s.shape).map(([name, field]) => {
    const json = schema(field as z.ZodType, "input");
    return { name, in: "query", required: false, description: (field as z.ZodType).description ?? json.description, schema: json };
  });
}

const idParam = (what: string): Json => ({ name: "id", in: "path", required: true, description: `${what} id`, schema: { type: "string" } });
const errors = (...codes: number[]): Json =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? "error", content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: "invalid input; each error names the field (path)",
  401: "missing or wrong bearer token (only when GEMSWEEP_API_TOKEN is set)",
  404: "no such sweep / trial / worker",
  413: "request body over 256 KiB",
};
const json = (description: string, s: z.ZodType): Json => ({ description, content: { "application/json": { schema: schema(s) } } });
const bearer = [{ bearer: [] }];

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers parse with. */
export function openApiDocument(): Json {
  const spec = sweepSpecJsonSchema() as Json;
  const specBody = {
    required: true,
    content: {
      "application/json": { schema: { $ref: "#/components/schemas/SweepSpec" } },
      "application/yaml": { schema: { type: "string", description: "the same spec as YAML" } },
      "text/yaml": { schema: { type: "string" } },
    },
  };
  return {
    openapi: "3.1.0",
    info: { title: "GemSweep API", version: "0.1.0", description: "Sweeps over the GEM activation family: launch, watch, compare, export." },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "GEMSWEEP_API_TOKEN; required by mutations only when the server has it set" } },
      schemas: { SweepSpec: (({ $schema: _s, ...rest }) => rest)(spec), ErrorBody: schema(errorBodySchema) },
    },
    paths: {
      "/api/sweeps": {
        get: { summary: "List sweeps, newest first", parameters: queryParams(paginationQuerySchema), responses: { "200": json("sweeps with status counts", sweepListSchema), ...errors(400) } },
        post: {
          summary: "Create a sweep from a JSON or YAML spec and enqueue its trials",
          security: bearer,
          requestBody: specBody,
          responses: { "201": json("created", sweepCreatedSchema), ...errors(400, 401, 413) },
        },
      },
      "/api/sweeps/preview": {
        post: {
          summary: "Validate a spec without creating it: trials per stage, table shape, compute estimate and the dry run's report",
          parameters: queryParams(previewQuerySchema),
          requestBody: specBody,
          responses: { "200": json("preview", previewSchema), ...errors(400, 413) },
        },
      },
      "/api/sweeps/{id}": { get: { summary: "A sweep with status counts", parameters: [idParam("sweep")], responses: { "200": json("sweep", sweepSummarySchema), ...errors(404) } } },
      "/api/sweeps/{id}/trials": {
        get: { summary: "A page of the sweep's trials", parameters: [idParam("sweep"), ...queryParams(trialsQuerySchema)], responses: { "200": json("trials", trialPageSchema), ...errors(400, 404) } },
      },
      "/api/sweeps/{id}/table": {
        get: {
          summary: "The comparison table (mean ± std over seeds, delta and Holm-corrected paired test vs the baseline)",
          parameters: [idParam("sweep"), ...queryParams(tableQuerySchema)],
          responses: {
            "200": {
              description: "the table in the asked format (csv, md and tex as attachments)",
              content: { "application/json": { schema: { type: "object" } }, "text/csv": { schema: { type: "string" } }, "text/markdown": { schema: { type: "string" } }, "application/x-tex": { schema: { type: "string" } } },
            },
            ...errors(400, 404),
          },
        },
      },
      "/api/sweeps/{id}/tuning": {
        get: {
          summary: "Stage 1 of a tune-then-compare sweep: per config its tuning trials (setting, ASHA rung, validation score, why stopped), the choice, its comparison trials",
          parameters: [idParam("sweep")],
          responses: { "200": json("tuning stage", tuningSchema), ...errors(404) },
        },
      },
      "/api/sweeps/{id}/curves": {
        get: { summary: "Learning curves per config: mean ± std over seeds per epoch", parameters: [idParam("sweep"), ...queryParams(curvesQuerySchema)], responses: { "200": json("curves", curvesSchema), ...errors(400, 404) } },
      },
      "/api/sweeps/{id}/events": {
        get: {
          summary: "Server-sent events: summary, epoch, trial, done",
          parameters: [idParam("sweep")],
          responses: { "200": { description: "an event stream", content: { "text/event-stream": { schema: { type: "string" } } } }, ...errors(404) },
        },
      },
      "/api/sweeps/{id}/cancel": { post: { summary: "Cancel the sweep's open trials", security: bearer, parameters: [idParam("sweep")], responses: { "200": { description: "cancelled" }, ...errors(401, 404) } } },
      "/api/sweeps/{id}/resume": { post: { summary: "Re-enqueue the sweep's unfinished trials", security: bearer, parameters: [idParam("sweep")], responses: { "200": { description: "requeued" }, ...errors(401, 404) } } },
      "/api/trials/{id}": { get: { summary: "A trial: config, attempts, per-epoch curve", parameters: [idParam("trial")], responses: { "200": json("trial", trialDetailSchema), ...errors(404) } } },
      "/api/workers": { get: { summary: "Workers", parameters: queryParams(workersQuerySchema), responses: { "200": json("workers", workerListSchema), ...errors(400) } } },
      "/api/workers/{id}/drain": { post: { summary: "Drain a worker", security: bearer, parameters: [idParam("worker")], responses: { "200": { description: "draining" }, ...errors(401, 404) } } },
      "/api/health": { get: { summary: "Redis and Postgres health", responses: { "200": json("healthy", healthSchema), "503": json("a service is down", healthSchema) } } },
      "/api/metrics": { get: { summary: "Prometheus metrics", responses: { "200": { description: "text exposition format", content: { "text/plain": { schema: { type: "string" } } } } } } },
      "/api/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
  };
}
