import { describe, expect, it } from "vitest";
import { API_SCOPES, apiScopeSchema, scopeCovers } from "../src/index.js";

describe("API scopes", () => {
  it("form a ladder: each scope covers itself and the ones below, never the ones above", () => {
    expect(API_SCOPES).toEqual(["read", "write", "admin"]);
    expect(scopeCovers("admin", "read")).toBe(true);
    expect(scopeCovers("admin", "admin")).toBe(true);
    expect(scopeCovers("write", "read")).toBe(true);
    expect(scopeCovers("write", "admin")).toBe(false);
    expect(scopeCovers("read", "write")).toBe(false);
    expect(scopeCovers("read", "read")).toBe(true);
  });

  it("parse only the three names", () => {
    expect(apiScopeSchema.safeParse("write").success).toBe(true);
    expect(apiScopeSchema.safeParse("root").success).toBe(false);
    expect(apiScopeSchema.safeParse("READ").success).toBe(false);
  });
});
