import { onTestFailed } from "vitest";

const TAIL_CHARS = 6000;

/** The last `TAIL_CHARS` characters of a process's output, marked when cut. */
export function tailOf(text: string): string {
  return text.length > TAIL_CHARS ? `…${text.slice(-TAIL_CHARS)}` : text;
}

/**
 * Why a spawned process's output is printed only when its test fails: an assertion such as
 * `expect(result.code).toBe(0)` shows the exit code and nothing of why, and a flaky failure may
 * never come back. `describe` is read at failure time, so a process still running (a timeout)
 * shows what it said so far. Outside a running test (a hook, a script) there is nothing to
 * attach to, and nothing is registered.
 */
export function printOnTestFailure(describe: () => string): void {
  try {
    onTestFailed(() => {
      console.error(describe());
    });
  } catch {
    // not inside a test
  }
}
