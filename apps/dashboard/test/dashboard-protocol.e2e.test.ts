import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { type Browser, type Page } from "playwright-core";
import { launchTestBrowser } from "./support/test-browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/dashboard-paths.js";
import { startWorker, type RunningWorker } from "./support/start-worker.js";
import { startTestDashboard, START_TIMEOUT_MS, type TestDashboard } from "./support/test-dashboard.js";

// A Fashion-MNIST tune-then-compare sweep driven from a real headless Chromium against the
// production server, the real services and a real worker process: the preview's stages and
// estimate, the launch, stage 1 with ASHA's rungs and each config's choice, then the comparison.

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/dashboard-protocol");
const SPEC = `name: e2e-fashion-protocol
benchmark: fashion-mnist-mlp
baseline: gelu
activations:
  - gelu
  - { name: e-gem, N: 1, eps: 0.01 }
overrides: { epochs: 3, trainLimit: 3000, testLimit: 1000, lr: [3e-4, 1e-3, 3e-3, 1e-2] }
tune: { over: [lr], scheduler: asha }
compare: { seeds: 2 }
`;

let dash: TestDashboard;
let worker: RunningWorker;
let browser: Browser;
let page: Page;

const shot = async (name: string) => {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dash = await startTestDashboard();
  worker = await startWorker(dash.queue, { backend: "wasm" });
  browser = await launchTestBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await dash?.stop();
}, 60_000);

describe("a tune-then-compare sweep in Chromium", () => {
  it("previews both stages and the compute estimate, and names a bad protocol field", async () => {
    await page.goto(`${dash.url}/sweeps/new`);
    const editor = page.getByTestId("spec-editor");
    await editor.fill(SPEC.replace("scheduler: asha }", "scheduler: asha, budget: 5 }"));
    await expect.poll(() => page.getByTestId("spec-errors").textContent(), { timeout: 30_000 }).toContain("tune.budget");
    await editor.fill(SPEC);
    await expect.poll(() => page.getByTestId("preview-trials").textContent(), { timeout: 30_000 }).toBe("12");
    expect(await page.getByTestId("preview-tune").textContent()).toContain("8 trials: 4 settings of lr per config, asha");
    expect(await page.getByTestId("preview-compare").textContent()).toContain("4 trials: 2 paired seeds per config");
    expect(await page.getByTestId("preview-estimate").textContent()).toMatch(/^Compute: at most \d+ s on one wasm worker/);
    await shot("01-preview");
  });

  it("launches it and watches stage 1 (with ASHA's rungs) then stage 2 complete", async () => {
    await expect.poll(() => page.getByTestId("launch").isEnabled()).toBe(true);
    await page.getByTestId("launch").click();
    await page.waitForURL(/\/sweeps\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId("tuning-panel").count(), { timeout: 30_000 }).toBe(1);
    await shot("02-tuning-running");
    await expect
      .poll(() => page.getByTestId("progress-text").textContent(), { timeout: 900_000, interval: 1000 })
      .toMatch(/^12 of 12 trials finished/);
    await expect.poll(() => page.getByTestId("sweep-status").textContent(), { timeout: 30_000 }).toBe("completed");
    const groups = page.getByTestId("tuning-group");
    await expect.poll(() => groups.count(), { timeout: 30_000 }).toBe(2);
    const choices = await page.getByTestId("tuning-choice").allTextContents();
    expect(choices).toHaveLength(2);
    for (const c of choices) expect(c).toMatch(/^lr\*=[0-9.e-]+ · validation 0\.\d+/);
    expect(await page.getByTestId("tuning-summary").textContent()).toMatch(/^8 tuning trials · scheduler asha · \d+ stopped early/);
    expect(await page.getByTestId("tuning-trials").first().locator("tbody tr").count()).toBe(4);
    await shot("03-completed");
    await page.getByTestId("tuning-panel").screenshot({ path: path.join(ARTIFACTS, "04-tuning.png") });
  });

  it("shows the comparison table of stage 2 with each config's chosen lr, and exports it", async () => {
    const table = page.getByTestId("comparison-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    const chosen = await page.getByTestId("cell-chosen").allTextContents();
    expect(chosen).toHaveLength(2);
    for (const c of chosen) expect(c).toMatch(/^lr\*=/);
    expect(await page.getByTestId("table-stage").textContent()).toContain("stage 2 (comparison) trials on the test metric");
    await page.locator("#table").screenshot({ path: path.join(ARTIFACTS, "05-table.png") });
    const downloading = page.waitForEvent("download");
    await page.getByTestId("download-csv").click();
    const file = path.join(ARTIFACTS, "e2e-fashion-protocol-table.csv");
    await (await downloading).saveAs(file);
    const rows = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.row)).toEqual(["gelu", "e-gem|N=1|eps=0.01"]);
    for (const r of rows) {
      expect(["0.0003", "0.001", "0.003", "0.01"]).toContain(r.lr);
      expect(r.n).toBe("2");
    }
  });
});
