// Why: what a user and a browser see of the security work, in a real Chromium on the production
// server: the security headers and nonce CSP on every page with no violation (and an injected
// inline script blocked), the token field, and a clear message for a 401, a 403 and the audit page.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchTestBrowser } from "./support/test-browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/dashboard-paths.js";
import { createAuthDatabase, type AuthDatabase } from "./support/auth-database.js";
import { recordCspViolations } from "./support/csp-violations.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type TestDashboard,
} from "./support/test-dashboard.js";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/dashboard");
const SPEC = {
  name: "guarded-sweep",
  benchmark: "sleep",
  seeds: [0, 1],
  baseline: "relu",
  activations: ["relu", "gelu"],
  overrides: { epochs: 2 },
};

let db: AuthDatabase;
let dash: TestDashboard;
let browser: Browser;
const tokens = { reader: "", writer: "", admin: "" };
let sweepId = "";
let trialId = "";
const contexts: BrowserContext[] = [];

async function freshPage(): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const violations = await recordCspViolations(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { page, violations };
}

/** Enters a token in the header's field, as a user does. */
async function useToken(page: Page, token: string): Promise<void> {
  await page.getByTestId("token-field").locator("summary").click();
  await page.getByTestId("token-input").fill(token);
  await page.getByTestId("token-save").click();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  db = await createAuthDatabase();
  for (const [name, scope] of [
    ["reader", "read"],
    ["writer", "write"],
    ["admin", "admin"],
  ] as const) {
    tokens[name] = (await db.storage.apiTokens.create({ name, scope, createdBy: "test" })).token;
  }
  dash = await startTestDashboard({ databaseUrl: db.url });
  const created = await send(`${dash.url}/api/sweeps`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens.writer}` },
    body: JSON.stringify(SPEC),
  });
  sweepId = created.json<{ id: string }>().id;
  trialId = (
    await send(`${dash.url}/api/sweeps/${sweepId}/trials`, {
      headers: { authorization: `Bearer ${tokens.reader}` },
    })
  ).json<{ trials: { id: string }[] }>().trials[0]!.id;
  browser = await launchTestBrowser();
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await dash?.stop();
  await db?.drop();
}, 60_000);

describe("security headers and the Content-Security-Policy", () => {
  it("every page answers with them, a fresh nonce each time, and runs without a single violation", async () => {
    const { page, violations } = await freshPage();
    await page.goto(`${dash.url}/`);
    await useToken(page, tokens.admin);
    const nonces = new Set<string>();
    const pages = [
      "/",
      "/sweeps/new",
      `/sweeps/${sweepId}`,
      `/trials/${trialId}`,
      "/workers",
      "/audit",
      "/compare",
      "/docs/api",
      "/",
    ];
    for (const target of pages) {
      const response = await page.goto(`${dash.url}${target}`);
      expect(response?.status(), target).toBe(200);
      const headers = response!.headers();
      const csp = headers["content-security-policy"] ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${target}: ${csp}`).toBeTruthy();
      nonces.add(nonce!);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).not.toContain("unsafe-eval");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("no-referrer");
      expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
      // the page's scripts ran: React rendered the header's token state from the API
      await expect
        .poll(() => page.getByTestId("token-who").textContent(), { timeout: 30_000 })
        .toBe("(admin · admin)");
    }
    expect(nonces.size).toBe(pages.length);
    // pages that fetch and draw with their scripts did so under the policy
    await page.goto(`${dash.url}/sweeps/${sweepId}`);
    await expect
      .poll(() => page.getByTestId("sweep-name").textContent(), { timeout: 30_000 })
      .toBe("guarded-sweep");
    await expect
      .poll(() => page.getByTestId("live-state").textContent(), { timeout: 30_000 })
      .toBe("● live");
    await page.goto(`${dash.url}/docs/api`);
    await expect
      .poll(() => page.getByTestId("api-reference").locator(".opblock").count(), {
        timeout: 60_000,
      })
      .toBeGreaterThan(5);
    const api = await send(`${dash.url}/api/health`);
    expect(api.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(api.headers.get("x-frame-options")).toBe("DENY");
    expect(violations).toEqual([]);
  });

  it("blocks an inline script that is not the server's (no nonce)", async () => {
    const { page, violations } = await freshPage();
    await page.route(`${dash.url}/workers`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "</body>",
        "<script>window.__injected = true</script></body>",
      );
      await route.fulfill({ response, body: html });
    });
    const response = await page.goto(`${dash.url}/workers`);
    expect(await response!.text()).toContain("window.__injected = true");
    await expect.poll(() => violations.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(
      await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected),
    ).toBeUndefined();
    expect(violations.join("\n")).toMatch(/script-src/);
    // the server's own scripts still ran
    await expect
      .poll(() => page.getByTestId("auth-notice").textContent(), { timeout: 30_000 })
      .toContain("API token needed");
  });
});

describe("tokens in the page", () => {
  it("without a token: a 401 says an API token is needed and where to enter it", async () => {
    const { page, violations } = await freshPage();
    await page.goto(`${dash.url}/`);
    const notice = page.getByTestId("auth-notice");
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toContain("API token needed");
    expect(await notice.textContent()).toContain("Enter one under “API token” at the top right");
    await expect
      .poll(() => page.locator("p.error").first().textContent())
      .toContain("This dashboard needs an API token");
    expect(await page.getByTestId("token-who").textContent()).toBe("(none)");
    await page.screenshot({ path: path.join(ARTIFACTS, "security-401.png") });
    // a wrong token: refused, and said so
    await useToken(page, "gsw_000000000000_" + "a".repeat(43));
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toContain("The API token in this browser was refused");
    // the right one: the list appears and the notice goes
    await useToken(page, tokens.reader);
    await expect
      .poll(() => page.getByTestId("sweeps-table").textContent(), { timeout: 30_000 })
      .toContain("guarded-sweep");
    await expect.poll(() => notice.count()).toBe(0);
    expect(await page.getByTestId("token-who").textContent()).toBe("(reader · read)");
    expect(violations).toEqual([]);
  });

  it("a read token: the sweep and its live stream show; cancelling is refused with a clear 403", async () => {
    const { page } = await freshPage();
    await page.goto(`${dash.url}/`);
    await useToken(page, tokens.reader);
    await page.goto(`${dash.url}/sweeps/${sweepId}`);
    await expect
      .poll(() => page.getByTestId("live-state").textContent(), { timeout: 30_000 })
      .toBe("● live");
    await page.getByTestId("cancel-sweep").click();
    await page.getByTestId("cancel-sweep-confirm").click();
    const notice = page.getByTestId("auth-notice");
    await expect.poll(() => notice.textContent(), { timeout: 30_000 }).toContain("Not allowed");
    expect(await notice.textContent()).toContain(
      "token reader has the read scope; POST /api/sweeps/{id}/cancel needs write",
    );
    expect(await page.locator("p.error").first().textContent()).toContain(
      "Your API token does not allow this",
    );
    await page.screenshot({ path: path.join(ARTIFACTS, "security-403.png") });
    const sweep = await send(`${dash.url}/api/sweeps/${sweepId}`, {
      headers: { authorization: `Bearer ${tokens.reader}` },
    });
    expect(sweep.json()).toMatchObject({ status: "QUEUED" });
  });

  it("the audit page: refused to a write token, the trail for an admin", async () => {
    const { page } = await freshPage();
    await page.goto(`${dash.url}/audit`);
    await useToken(page, tokens.writer);
    await expect
      .poll(() => page.getByTestId("audit-error").textContent(), { timeout: 30_000 })
      .toContain("token writer has the write scope; GET /api/audit needs admin");
    await useToken(page, tokens.admin);
    const table = page.getByTestId("audit-table");
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain("sweep.launch");
    const row = table.locator("tbody tr").filter({ hasText: "sweep.launch" });
    expect(await row.textContent()).toContain("writer");
    expect(await row.textContent()).toContain("127.0.0.1");
    await page.getByTestId("audit-action").selectOption("token.create");
    await expect
      .poll(() => page.locator("p.muted").filter({ hasText: "Nothing recorded" }).count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, "security-audit.png") });
  });
});
