// Why: checks a live API response against the schema the OpenAPI document declares for it (Ajv, JSON Schema 2020-12).
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
  >;
};

const pointer = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

/** `validate(path, method, status, body)` returns the schema errors of `body` (empty when it conforms). */
export function openApiResponseValidator(
  doc: Doc,
): (path: string, method: string, status: number, body: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: "openapi.json" });
  return (path, method, status, body) => {
    const response = doc.paths[path]?.[method]?.responses[String(status)];
    if (!response?.content?.["application/json"])
      return [
        `the document declares no JSON ${status} response for ${method.toUpperCase()} ${path}`,
      ];
    const ref = `openapi.json#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer("application/json")}/schema`;
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
        );
  };
}
