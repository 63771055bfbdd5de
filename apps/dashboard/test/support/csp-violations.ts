// Why: a page that breaks under the Content-Security-Policy fails quietly (a script does not run);
// this collects every violation a browser context reports, from the console and the DOM event.
import type { BrowserContext } from "playwright-core";

/** Starts recording CSP violations in `context`; the returned list grows as pages report them. */
export async function recordCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding("__gemsweepCspViolation", (source, text: string) => {
    violations.push(`${source.page?.url() ?? "?"}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __gemsweepCspViolation: (text: string) => void })
        .__gemsweepCspViolation;
      report(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  context.on("console", (message) => {
    if (
      /Content Security Policy|Refused to (execute|load|apply|connect|evaluate|frame)/i.test(
        message.text(),
      )
    ) {
      violations.push(`${message.page()?.url() ?? "?"}: console: ${message.text()}`);
    }
  });
  return violations;
}
