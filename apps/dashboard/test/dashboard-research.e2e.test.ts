// Why: the research views in a real Chromium on the production server: heatmap legend, per-parameter plots, the stored spec, confirm dialogs, the compare view, the API reference.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "@gemsweep/db";
import { type Browser, type Page } from "playwright-core";
import { launchTestBrowser, recordForeignRequests } from "./support/test-browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/dashboard-paths.js";
import { ROUTE_ACCESS } from "../src/server/route-access.js";
import { recordCspViolations } from "./support/csp-violations.js";
import { seedResults } from "./support/seed-results.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type TestDashboard,
} from "./support/test-dashboard.js";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/dashboard");
const GRID = {
  benchmark: "sleep",
  baseline: "relu",
  activations: ["relu", { name: "e-gem", N: [1, 2], eps: [0.01, 1] }],
};
/** N=2 and a larger ε are better; seeds add a little noise. */
const metricOf = (t: { activation: string; n: number | null; eps: number | null; seed: number }) =>
  t.activation === "relu"
    ? 0.7
    : 0.75 + 0.05 * (t.n ?? 0) + 0.01 * Math.log10(t.eps ?? 1) + 0.002 * t.seed;

let dash: TestDashboard;
let prisma: PrismaClient;
let browser: Browser;
let page: Page;
const ids = { a: "", b: "", open: "" };
const workerId = `research-worker-${process.pid}`;
const foreignRequests: string[] = [];
let cspViolations: string[] = [];

const create = async (spec: object) =>
  (
    await send(`${dash.url}/api/sweeps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(spec),
    })
  ).json<{ id: string }>().id;
const shot = async (name: string) => {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dash = await startTestDashboard();
  prisma = createPrismaClient(process.env.DATABASE_URL!, { max: 2 });
  ids.a = await create({ ...GRID, name: "research-a", seeds: [0, 1], overrides: { epochs: 2 } });
  ids.b = await create({ ...GRID, name: "research-b", seeds: [0, 1, 2], overrides: { epochs: 3 } });
  ids.open = await create({ ...GRID, name: "research-open", seeds: [0] });
  await seedResults(prisma, ids.a, { workerId, epochs: 2, metricOf });
  await seedResults(prisma, ids.b, { workerId, epochs: 3, metricOf: (t) => metricOf(t) + 0.01 });
  browser = await launchTestBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  recordForeignRequests(context, foreignRequests);
  cspViolations = await recordCspViolations(context);
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await prisma?.$disconnect();
  await dash?.stop();
}, 60_000);

describe("research views in Chromium", () => {
  it("the sweep page: heatmap with its colour legend, the metric per swept parameter, the stored spec", async () => {
    await page.goto(`${dash.url}/sweeps/${ids.a}`);
    const legend = page.getByTestId("heatmap-legend");
    await expect.poll(() => legend.count(), { timeout: 30_000 }).toBe(1);
    // means per (N, ε): 0.75 + 0.05 N + 0.01 log10 ε + 0.001 (mean seed): worst N=1 ε=0.01, best N=2 ε=1
    expect(await legend.getByTestId("legend-worst").textContent()).toBe("0.781");
    expect(await legend.getByTestId("legend-best").textContent()).toBe("0.851");
    expect(await legend.textContent()).toContain("higher is better");
    const effects = page.getByTestId("param-effects");
    await expect.poll(() => effects.locator("figure").count()).toBe(2);
    expect(await effects.getByTestId("param-axis-N").getAttribute("data-family")).toBe("e-gem");
    expect(await effects.getByTestId("param-axis-eps").locator("figcaption").textContent()).toBe(
      "ε (e-gem)",
    );
    await expect
      .poll(() => effects.getByTestId("param-axis-N").locator(".recharts-scatter-symbol").count())
      .toBe(4);
    await page.locator(".spec-view summary").click();
    const spec = await page.getByTestId("sweep-spec").textContent();
    expect(spec).toContain("name: research-a");
    expect(spec).toContain("eps:");
    expect(await page.getByTestId("split-toggle").count()).toBeGreaterThan(0); // the storage offers validation and test curves
    await shot("10-sweep-research");
  });

  it("cancel asks first: keeping it changes nothing, confirming cancels the sweep", async () => {
    await page.goto(`${dash.url}/sweeps/${ids.open}`);
    await page.getByTestId("cancel-sweep").click();
    const dialog = page.getByTestId("cancel-sweep-dialog");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("5 queued trials will not run");
    await shot("11-cancel-dialog");
    await page.getByTestId("cancel-sweep-keep").click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(
      (await send(`${dash.url}/api/sweeps/${ids.open}`)).json<{ counts: { QUEUED: number } }>()
        .counts.QUEUED,
    ).toBe(5);
    await page.getByTestId("cancel-sweep").click();
    await page.getByTestId("cancel-sweep-confirm").click();
    await expect
      .poll(() => page.getByTestId("sweep-status").textContent(), { timeout: 30_000 })
      .toBe("cancelled");
    expect(
      (await send(`${dash.url}/api/sweeps/${ids.open}`)).json<{ counts: { CANCELLED: number } }>()
        .counts.CANCELLED,
    ).toBe(5);
  });

  it("drain asks first, then the worker is draining", async () => {
    await page.goto(`${dash.url}/workers`);
    const button = page.getByTestId(`drain-${workerId}`);
    await button.click();
    const dialog = page.getByTestId(`drain-${workerId}-dialog`);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot("12-drain-dialog");
    await page.getByTestId(`drain-${workerId}-keep`).click();
    expect((await prisma.worker.findUniqueOrThrow({ where: { id: workerId } })).status).toBe(
      "ACTIVE",
    );
    await button.click();
    await page.getByTestId(`drain-${workerId}-confirm`).click();
    await expect
      .poll(
        async () => (await prisma.worker.findUniqueOrThrow({ where: { id: workerId } })).status,
        { timeout: 30_000 },
      )
      .toBe("DRAINING");
    await expect
      .poll(() => page.getByTestId("workers-table").textContent(), { timeout: 30_000 })
      .toContain("draining");
  });

  it("the compare view: pick two sweeps, their rows side by side, the spec fields that differ marked", async () => {
    await page.goto(`${dash.url}/compare`);
    await page.getByTestId("pick-research-a").check();
    await page.getByTestId("pick-research-b").check();
    await page.waitForURL(new RegExp(`/compare\\?ids=${ids.a},${ids.b}$`));
    const table = page.getByTestId("compare-table");
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 30_000 }).toBe(5);
    expect(await table.locator("thead th").allTextContents()).toEqual([
      "Activation",
      "research-a",
      "research-b",
    ]);
    const row = table.locator("tbody tr", { hasText: "e-gem (N=2, ε=1)" });
    const best = await row.locator("td").allTextContents();
    expect(best[0]).toContain("0.851");
    expect(best[1]).toContain("0.862"); // b: +0.01, and seeds 0..2 average 0.002 more
    expect(await row.locator("td").nth(1).getAttribute("class")).toBe("best-sweep");
    const diff = page.getByTestId("spec-diff");
    const seeds = diff.locator('tr[data-field="seeds"]');
    expect(await seeds.getAttribute("class")).toBe("differs");
    expect(await seeds.locator("td").allTextContents()).toEqual(["0, 1", "0, 1, 2"]);
    expect(await diff.locator('tr[data-field="hyper.sleep.epochs"] td').allTextContents()).toEqual([
      "2",
      "3",
    ]);
    expect(await diff.locator('tr[data-field="baseline"]').count()).toBe(0); // equal fields hidden by default
    await shot("13-compare");
  });

  it("the API reference page renders the OpenAPI document from the bundle, with no request off this server", async () => {
    await page.goto(`${dash.url}/docs/api`);
    const reference = page.getByTestId("api-reference");
    // one block per operation of the route table (the auth, token and audit ones included)
    const operations = Object.keys(ROUTE_ACCESS);
    await expect
      .poll(() => reference.locator(".opblock").count(), { timeout: 60_000 })
      .toBe(operations.length);
    expect(await reference.textContent()).toContain("createSweep");
    expect(await reference.locator(".opblock-post").count()).toBe(
      operations.filter((o) => o.startsWith("POST ")).length,
    );
    await reference.locator("#operations-sweeps-compareSweeps").click();
    await expect
      .poll(() => reference.locator("#operations-sweeps-compareSweeps").textContent())
      .toContain("ids");
    await shot("14-api-reference");
    expect(foreignRequests).toEqual([]);
  });

  it("ran every view, the API reference included, without a Content-Security-Policy violation", () => {
    expect(cspViolations).toEqual([]);
  });
});
