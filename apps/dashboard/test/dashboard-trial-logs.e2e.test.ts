// Why: the trial page in a real Chromium while a real worker runs the trial: its log lines appear as they are written, and its reproducibility record is shown.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { launchTestBrowser, recordForeignRequests } from "./support/test-browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../tools/dashboard-paths.js";
import { startWorker, type RunningWorker } from "./support/start-worker.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type TestDashboard,
} from "./support/test-dashboard.js";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts/dashboard");
const EPOCHS = 6;

let dash: TestDashboard;
let worker: RunningWorker;
let browser: Browser;
let page: Page;
let sweepId = "";
const foreignRequests: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dash = await startTestDashboard();
  worker = await startWorker(dash.queue, { concurrency: 1 });
  const created = await send(`${dash.url}/api/sweeps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "trial-logs",
      benchmark: "sleep",
      seeds: [0],
      activations: ["gelu"],
      overrides: { epochs: EPOCHS, sleepMs: 1200 },
    }),
  });
  expect(created.status).toBe(201);
  sweepId = created.json<{ id: string }>().id;
  browser = await launchTestBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  recordForeignRequests(context, foreignRequests);
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await dash?.stop();
}, 60_000);

describe("the trial page: logs and the reproducibility record", () => {
  it("follows a running trial's log lines without a reload, then shows its outcome and the attempt's record", async () => {
    // the trial, once the worker has started it
    let trialId = "";
    await expect
      .poll(
        async () => {
          const page = (await send(`${dash.url}/api/sweeps/${sweepId}/trials`)).json<{
            trials: { id: string; status: string }[];
          }>();
          trialId = page.trials[0]?.id ?? "";
          return page.trials[0]?.status;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe("RUNNING");

    await page.goto(`${dash.url}/trials/${trialId}`);
    const logs = page.getByTestId("trial-logs");
    await expect
      .poll(() => logs.textContent(), { timeout: 30_000 })
      .toContain("attempt 1 started on");
    await expect.poll(() => logs.textContent(), { timeout: 30_000 }).toContain(`epoch 1/${EPOCHS}`);
    expect(await logs.textContent()).toContain("following: new lines appear");
    expect(await logs.textContent()).not.toContain("ended: COMPLETED");
    const whileRunning = await logs.locator("li").count();
    await page.screenshot({
      path: path.join(ARTIFACTS, "20-trial-logs-running.png"),
      fullPage: true,
    });

    // the rest arrives on the same page
    await expect
      .poll(() => logs.textContent(), { timeout: 60_000 })
      .toContain("attempt 1 ended: COMPLETED");
    expect(await logs.locator("li").count()).toBe(EPOCHS + 2);
    expect(await logs.locator("li").count()).toBeGreaterThan(whileRunning);
    for (let epoch = 1; epoch <= EPOCHS; epoch++)
      expect(await logs.textContent()).toContain(`epoch ${epoch}/${EPOCHS}`);
    await expect.poll(() => logs.textContent()).toContain(`${EPOCHS + 2} lines`);

    // the record the worker wrote when the attempt started
    const repro = page.getByTestId("repro-record");
    const field = (label: string) =>
      repro.locator(`tr[data-field="${label}"] td`).first().textContent();
    expect(await field("Git commit")).toMatch(/^[0-9a-f]{40} \((dirty|clean)\)$/);
    expect(await field("Backend")).toBe("cpu");
    expect(await field("tfjs")).toBe("4.22.0");
    expect(await field("Node.js")).toBe(process.version);
    expect(await field("Lockfile sha256")).toMatch(/^[0-9a-f]{64}$/);
    expect(await field("Dataset")).toBe("none");
    expect(await field("Config")).toContain(`"sleepMs":1200`);
    const detail = (await send(`${dash.url}/api/trials/${trialId}`)).json<{
      attempts: { repro: { gitCommit: string } }[];
    }>();
    expect(await field("Git commit")).toContain(detail.attempts[0]!.repro.gitCommit);
    await page.screenshot({
      path: path.join(ARTIFACTS, "21-trial-logs-repro.png"),
      fullPage: true,
    });
    expect(foreignRequests).toEqual([]);
  });
});
