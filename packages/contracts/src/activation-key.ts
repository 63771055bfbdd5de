import { isActivationName, paramsOf, type ActivationParam } from "./activation-catalog.js";
import { parseActivation, withDefaults, type Activation } from "./activation.js";
import { ErrorCode, GemSweepError } from "./errors.js";

// The canonical key of an activation, `e-gem|N=1|eps=0.01`: for indexing (database columns, map
// keys) and display. Code keeps the Activation object alongside and never reads numbers back
// out of a key; `activationFromKey` exists for keys a user types (a spec's `baseline`, a CLI flag).

/** Canonical number text: shortest round-trip form, so 1e-2 and 0.01 share one key. */
export function formatParam(value: number): string {
  return String(value);
}

/** Canonical, stable key (defaults filled), e.g. `e-gem|N=1|eps=0.01`, `gem|N=1`, `relu`. */
export function activationKey(a: Activation): string {
  const full = withDefaults(a);
  let key: string = full.name;
  for (const p of paramsOf(full.name)) key += `|${p}=${formatParam(full[p] as number)}`;
  return key;
}

/** Reads a key a user wrote (`e-gem|N=1|eps=0.01`, or a bare name) back into a validated activation. */
export function activationFromKey(key: string): Activation {
  const [name = "", ...parts] = key.split("|");
  if (!isActivationName(name)) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `'${key}' does not name an activation`, {
      issues: [{ path: "", message: `'${name}' is not an activation name` }],
    });
  }
  const value: Record<string, unknown> = { name };
  for (const part of parts) {
    const [param = "", text = ""] = part.split("=");
    value[param as ActivationParam] = Number(text);
  }
  return parseActivation(value, `activation key '${key}'`);
}
