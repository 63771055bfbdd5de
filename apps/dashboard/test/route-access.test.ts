// Why: a route that skipped the auth check, or named another operation's row, would be open or
// wrongly guarded; this reads every route file and holds them to the table.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_ACCESS } from "../src/server/route-access.js";

const API_DIR = path.join(import.meta.dirname, "../src/app/api");

/** Each route file under src/app/api with the operation it serves (`METHOD /api/path/{id}`) per exported handler. */
function routeFiles(dir = API_DIR): { file: string; url: string; source: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const url =
      "/api/" +
      path
        .relative(API_DIR, dir)
        .split(path.sep)
        .join("/")
        .replace(/\[(\.*\w+)\]/g, "{$1}");
    return [{ file: full, url, source: readFileSync(full, "utf8") }];
  });
}

describe("the route table and the route files", () => {
  it("every handler goes through apiHandler with its own row; the table has a row for every handler and no other", () => {
    const served: string[] = [];
    for (const { file, url, source } of routeFiles()) {
      if (url === "/api/{...path}") continue; // unknown paths: a JSON 404, nothing to guard
      const exported = [
        ...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) =/g),
      ].map((m) => m[1]);
      const wrapped = [
        ...source.matchAll(
          /export const (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) = apiHandler(?:<[^>]*>)?\(\s*"([^"]+)"/g,
        ),
      ];
      expect(
        wrapped.map((m) => m[1]),
        `${file}: every handler is apiHandler(...)`,
      ).toEqual(exported);
      for (const [, method, key] of wrapped) {
        expect(key, file).toBe(`${method} ${url}`);
        served.push(key!);
      }
    }
    expect(served.sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
  });

  it("keeps health and the OpenAPI document open, and managing tokens, draining and the audit trail admin-only", () => {
    expect(ROUTE_ACCESS["GET /api/health"]).toBe("public");
    expect(ROUTE_ACCESS["GET /api/openapi.json"]).toBe("public");
    for (const key of [
      "GET /api/tokens",
      "POST /api/tokens",
      "POST /api/tokens/{id}/revoke",
      "GET /api/audit",
      "POST /api/workers/{id}/drain",
    ] as const) {
      expect(ROUTE_ACCESS[key]).toBe("admin");
    }
  });
});
