import { apiHandler } from "@/server/api-handler";
import { openApiDocument } from "@/server/openapi-document";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of this API, generated from the handlers' zod schemas. */
export const GET = apiHandler("GET /api/openapi.json", async () => Response.json(openApiDocument()));
