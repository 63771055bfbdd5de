import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { type Browser, type Page } from "playwright-core";
import { launchTestBrowser } from "./support/test-browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/dashboard-paths.js";
import { recordCspViolations } from "./support/csp-violations.js";
import { startWorker, type RunningWorker } from "./support/start-worker.js";
import { startTestDashboard, START_TIMEOUT_MS, type TestDashboard } from "./support/test-dashboard.js";

// The user's path in a real headless Chromium against the production server, the real
// services and a real worker process: write a spec, see it validated, launch it, watch it
// finish live, read the table, download the CSV, open a trial and the workers page.

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/dashboard");
const SPEC = `name: e2e-sleep
benchmark: sleep
seeds: [0, 1]
baseline: relu
activations:
  - relu
  - { name: e-gem, N: [1, 2], eps: [0.01, 1] }
overrides: { epochs: 2, sleepMs: 50 }
`;

let dash: TestDashboard;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
let sweepUrl = "";
let cspViolations: string[] = [];

const shot = async (name: string) => {
  await page.mouse.move(0, 0); // no hover tooltips in the picture
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dash = await startTestDashboard();
  worker = await startWorker(dash.queue);
  browser = await launchTestBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  cspViolations = await recordCspViolations(context);
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await dash?.stop();
}, 60_000);

describe("dashboard in Chromium", () => {
  it("shows errors for a bad spec, then the trial count and table shape for a good one", async () => {
    await page.goto(`${dash.url}/sweeps/new`);
    const editor = page.getByTestId("spec-editor");
    await editor.fill(SPEC.replace("eps: [0.01, 1]", "eps: [0.01, -1]"));
    await expect.poll(() => page.getByTestId("spec-errors").textContent(), { timeout: 30_000 }).toContain("activations.1.eps");
    await expect.poll(() => page.getByTestId("launch").isDisabled()).toBe(true);
    await shot("01-new-sweep-invalid");

    await editor.fill(SPEC);
    await expect.poll(() => page.getByTestId("preview-trials").textContent(), { timeout: 30_000 }).toBe("10");
    expect(await page.getByTestId("preview-shape").textContent()).toBe("5 rows × 1 column");
    await shot("02-new-sweep-preview");
  });

  it("launches the sweep and watches it complete live", async () => {
    await expect.poll(() => page.getByTestId("launch").isEnabled()).toBe(true);
    await page.getByTestId("launch").click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    sweepUrl = page.url();
    expect(await page.getByTestId("sweep-name").textContent()).toBe("e2e-sleep");
    await expect
      .poll(() => page.getByTestId("progress-text").textContent(), { timeout: 150_000, interval: 500 })
      .toMatch(/^10 of 10 trials finished/);
    await expect.poll(() => page.getByTestId("sweep-status").textContent(), { timeout: 30_000 }).toBe("completed");
    await expect.poll(() => page.getByTestId("trials-table").locator("tbody tr").count(), { timeout: 30_000 }).toBe(10);
    await expect.poll(() => page.getByTestId("learning-curves").count(), { timeout: 30_000 }).toBe(1);
    await shot("03-sweep-completed");
  });

  it("shows the comparison table and the N x eps heatmap", async () => {
    const table = page.getByTestId("comparison-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(5);
    const labels = await table.locator("tbody th").allTextContents();
    // the contracts' display labels (activationLabel)
    expect(labels[0]).toContain("ReLU");
    expect(labels[0]).toContain("baseline");
    expect(labels.slice(1).join(" ")).toContain("E-GEM (N=2, ε=1)");
    expect(await page.getByTestId("heatmap").locator("tbody tr").count()).toBe(2);
    await page.locator("#table").screenshot({ path: path.join(ARTIFACTS, "04-table.png") });
  });

  it("downloads the table as CSV", async () => {
    const downloading = page.waitForEvent("download");
    await page.getByTestId("download-csv").click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("e2e-sleep-table.csv");
    const file = path.join(ARTIFACTS, "e2e-sleep-table.csv");
    await download.saveAs(file);
    const rows = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.row)).toContain("e-gem|N=2|eps=1");
    expect(rows.every((r) => r.benchmark === "sleep" && r.pending === "0")).toBe(true);
  });

  it("downloads the table in the paper style", async () => {
    await page.getByTestId("table-style").selectOption("paper");
    const downloading = page.waitForEvent("download");
    await page.getByTestId("download-md").click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe("e2e-sleep-table-paper.md");
    const file = path.join(ARTIFACTS, "e2e-sleep-table-paper.md");
    await download.saveAs(file);
    const header = readFileSync(file, "utf8").split("\n")[0]!;
    expect(header).toContain("| gap to ReLU (none) | dead % | near-dead % |");
    await page.getByTestId("table-style").selectOption("default");
  });

  it("opens a trial with its attempts and curve", async () => {
    await page.getByTestId("trials-table").locator("tbody tr a").first().click();
    await page.waitForURL(/\/trials\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId("attempts").locator("tbody tr").count()).toBe(1);
    expect(await page.getByTestId("attempts").textContent()).toContain("completed");
    await expect.poll(() => page.getByTestId("trial-curves").count()).toBe(1);
    await shot("05-trial");
  });

  it("lists the worker that ran the sweep", async () => {
    await page.goto(`${dash.url}/workers`);
    const table = page.getByTestId("workers-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
    // the backend and device the worker chose at start, as it registered them
    expect(await table.locator("tbody tr").first().locator("td").nth(1).textContent()).toBe("cpu");
    expect(await table.locator("tbody tr").first().locator("td").nth(2).textContent()).toMatch(/^JavaScript on \S/);
    await shot("06-workers");
    await page.goto(`${dash.url}/`);
    await expect.poll(() => page.getByTestId("sweeps-table").textContent()).toContain("e2e-sleep");
    await shot("07-sweeps");
    expect(sweepUrl).not.toBe("");
  });

  it("ran every page without a Content-Security-Policy violation (console and securitypolicyviolation events)", () => {
    expect(cspViolations).toEqual([]);
  });
});
