// Why: /docs/api, the API reference rendered from /api/openapi.json.
import { ApiReference } from "@/components/api-reference";

export const metadata = { title: "API reference · GemSweep" };

export default function ApiReferencePage() {
  return (
    <div className="stack">
      <section className="card">
        <h1>HTTP API reference</h1>
        <p className="muted small">
          Rendered from <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1, generated
          from the API&apos;s zod schemas). Reads need no token; create, cancel, resume and drain
          need <code>Authorization: Bearer &lt;GEMSWEEP_API_TOKEN&gt;</code> when the server sets
          it: &quot;Try it out&quot; sends the token entered on the sweep or workers page.
        </p>
      </section>
      <ApiReference />
    </div>
  );
}
