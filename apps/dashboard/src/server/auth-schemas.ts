// Why: zod schemas of the auth, token and audit routes: bodies and queries are parsed with them
// (a bad field is a 400 naming it) and the OpenAPI document is generated from the same objects.
import { API_SCOPES, AUDIT_ACTIONS } from "@gemsweep/contracts";
import * as z from "zod";

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number()
    .int("must be an integer")
    .min(min, `must be >= ${min}`)
    .max(max, `must be <= ${max}`)
    .default(fallback);

export const tokenCreateBodySchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    .describe("who or what holds the token: 1-64 letters, digits, '.', '_', '@', '-'"),
  scope: z.enum(API_SCOPES).describe("read < write < admin"),
});

export const tokenInfoSchema = z
  .object({
    id: z.string().describe("the token's public part (gsw_<id>_…)"),
    name: z.string(),
    scope: z.enum(API_SCOPES),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: "ApiToken" });

export const tokenListSchema = z.object({ tokens: z.array(tokenInfoSchema) });

export const tokenCreatedSchema = tokenInfoSchema.extend({
  token: z
    .string()
    .describe("the token itself: shown this once, stored only as a salted scrypt hash"),
});

export const whoamiSchema = z.object({
  auth: z.enum(["on", "off"]),
  actor: z.string().describe("the token's name, 'bootstrap', or 'anonymous' while auth is off"),
  tokenId: z.string().nullable(),
  scope: z.enum(API_SCOPES).nullable(),
  source: z.string().describe("your address as the server sees it"),
});

export const auditQuerySchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional().describe("only this action"),
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("only this actor (a token name, bootstrap, local CLI)"),
  target: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("only this target (a sweep, worker or token id)"),
  since: z.iso.datetime({ offset: true }).optional().describe("at or after this time (ISO 8601)"),
  until: z.iso.datetime({ offset: true }).optional().describe("before this time (ISO 8601)"),
  limit: intParam(1, 500, 50).describe("page size (1-500)"),
  offset: intParam(0, 10_000_000, 0).describe("rows to skip"),
});

export const auditEventSchema = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    actor: z.string(),
    tokenId: z.string().nullable(),
    action: z.string(),
    target: z.string(),
    source: z.string(),
    detail: z.unknown(),
  })
  .meta({ id: "AuditEvent" });

export const auditTrailSchema = z.object({
  events: z.array(auditEventSchema),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});
