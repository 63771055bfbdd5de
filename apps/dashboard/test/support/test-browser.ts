import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** The Chromium every dashboard browser test drives: Debian's, headless, with nothing phoning home. */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

/** Collects into `into` every request the pages make to anywhere but this server (no CDN, fonts or telemetry). */
export function recordForeignRequests(context: BrowserContext, into: string[]): void {
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (
      !["127.0.0.1", "localhost"].includes(url.hostname) &&
      url.protocol !== "data:" &&
      url.protocol !== "blob:"
    )
      into.push(request.url());
  });
}
