import type * as z from "zod";
import { ErrorCode, GemSweepError, type ErrorIssue } from "./errors.js";

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

function pathText(path: readonly Key[]): string {
  return path.map((p) => String(p)).join(".");
}

// A union error says only "invalid input" at the union's path. When exactly one branch got past
// the type check (the value had that branch's shape), its issues are the useful ones: they name
// the field inside, e.g. `activations.2.eps` instead of `activations.2`.
function isShapeMismatch(branch: readonly Issue[]): boolean {
  return branch.every(
    (i) => (i.code === "invalid_type" || i.code === "invalid_value") && i.path.length === 0,
  );
}

function flatten(issue: Issue, prefix: readonly Key[], out: ErrorIssue[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const shaped = issue.errors.filter((branch) => !isShapeMismatch(branch));
    if (shaped.length === 1) {
      for (const inner of shaped[0]!) flatten(inner, path, out);
      return;
    }
    if (shaped.length === 0) {
      if (
        issue.errors
          .flat()
          .some((i) => i.code === "invalid_type" && i.input === undefined && i.path.length === 0)
      ) {
        out.push({ path: pathText(path), message: "required" });
        return;
      }
      // Every branch failed on type: prefer the first branch's wording if it is an enum miss.
      const enumMiss = issue.errors
        .flat()
        .find((i) => i.code === "invalid_value" && i.path.length === 0);
      if (enumMiss) {
        out.push({ path: pathText(path), message: enumMiss.message });
        return;
      }
    }
  }
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys)
      out.push({ path: pathText([...path, key]), message: `unknown key '${key}'` });
    return;
  }
  if (issue.code === "invalid_type" && issue.input === undefined && issue.path.length > 0) {
    out.push({
      path: pathText(path),
      message: `required (${issue.message.replace(/^Invalid input: /, "").replace(/, received undefined$/, "")})`,
    });
    return;
  }
  out.push({ path: pathText(path), message: issue.message });
}

/** Zod issues as `{ path, message }` with dotted paths, unions resolved to the field at fault. */
export function zodIssuesToErrorIssues(issues: readonly Issue[]): ErrorIssue[] {
  const out: ErrorIssue[] = [];
  for (const issue of issues) flatten(issue, [], out);
  const seen = new Set<string>();
  return out.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Parses with `schema` or throws GemSweepError(code) whose issues name each bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  code: ErrorCode = ErrorCode.INVALID_INPUT,
): z.output<S> {
  // reportInput: a missing field (input undefined) reads "required", a wrong one its own message.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = zodIssuesToErrorIssues(result.error.issues);
  const first = issues[0];
  const summary = first ? `${first.path || "(root)"}: ${first.message}` : "invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  throw new GemSweepError(code, `invalid ${what}: ${summary}${more}`, {
    issues,
    cause: result.error,
  });
}
