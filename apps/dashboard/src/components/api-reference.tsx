"use client";
// Why: the API reference page renders the served OpenAPI document with Swagger UI, bundled with the dashboard (nothing loads from a CDN).

import dynamic from "next/dynamic";
import "swagger-ui-react/swagger-ui.css";
import { storedToken } from "@/lib/api-client";

// Swagger UI touches `window` as it loads: rendered in the browser only.
const SwaggerUI = dynamic(() => import("swagger-ui-react"), {
  ssr: false,
  loading: () => <p className="muted">Loading the reference…</p>,
});

/** Adds the token the user stored on the dashboard to "Try it out" requests that carry none. */
function withStoredToken(request: { headers?: Record<string, string>; [k: string]: unknown }) {
  const token = storedToken();
  const headers = request.headers ?? {};
  if (token && !headers.Authorization && !headers.authorization)
    request.headers = { ...headers, Authorization: `Bearer ${token}` };
  return request;
}

/** Swagger UI over /api/openapi.json: operations by tag, schemas, and "Try it out" against this server. */
export function ApiReference() {
  return (
    <div className="api-reference" data-testid="api-reference">
      <SwaggerUI
        url="/api/openapi.json"
        docExpansion="list"
        deepLinking
        displayOperationId
        defaultModelsExpandDepth={1}
        requestInterceptor={withStoredToken}
      />
    </div>
  );
}
