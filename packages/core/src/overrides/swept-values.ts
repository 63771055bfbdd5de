// Why: a table row is an activation config plus the values of the swept hyperparameters, so
// its key, its label and every export must spell those values the same way everywhere.
import { activationLabel, HYPER_KEYS, type Activation, type HyperKey, type HyperValue } from "@gemsweep/contracts";

/** Swept hyperparameters' values (a row's, a tuning trial's, a stage-2 choice). */
export type SweptValues = Readonly<Partial<Record<HyperKey, HyperValue>>>;

/** Canonical text of a value for keys: shortest round-trip number text (1e-3 and 0.001 share it), lists as JSON. */
export function hyperValueKey(value: HyperValue): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** A value as labels print it: small and large numbers in exponent form (`3e-3`), others as written. */
export function formatHyperValue(value: HyperValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "object") return `[${value.map((v) => formatHyperValue(v)).join(", ")}]`;
  if (value !== 0 && Number.isFinite(value) && (Math.abs(value) < 1e-2 || Math.abs(value) >= 1e5)) {
    const [mantissa, exponent] = value.toExponential().split("e");
    const short = Number(Number(mantissa).toPrecision(4));
    return `${short}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(6)));
}

/** The keys present, in the one canonical order (the contracts' hyperparameter order). */
export function sweptKeysOf(values: SweptValues): HyperKey[] {
  return HYPER_KEYS.filter((k) => values[k] !== undefined);
}

/** `|lr=0.003|weightDecay=0.0001`, appended to an activation key to make a row key ("" when nothing is swept). */
export function sweptKeySuffix(values: SweptValues): string {
  return sweptKeysOf(values)
    .map((k) => `|${k}=${hyperValueKey(values[k]!)}`)
    .join("");
}

/** A row's key: its activation key and its swept values, e.g. `e-gem|N=1|eps=0.01|lr=0.003`. */
export function rowKeyOf(activationKey: string, values: SweptValues): string {
  return `${activationKey}${sweptKeySuffix(values)}`;
}

/** `lr=3e-3, weightDecay=1e-4` (`lr*=3e-3` with the chosen marker); "" when nothing is swept. */
export function sweptLabel(values: SweptValues, marker = ""): string {
  return sweptKeysOf(values)
    .map((k) => `${k}${marker}=${formatHyperValue(values[k]!)}`)
    .join(", ");
}

/** A row's label: `E-GEM (N=1, ε=0.01), lr=3e-3`. */
export function rowLabelOf(activation: Activation, values: SweptValues): string {
  const swept = sweptLabel(values);
  return swept === "" ? activationLabel(activation) : `${activationLabel(activation)}, ${swept}`;
}

/** Whether two sets of swept values are equal (same keys, same values). */
export function sameSweptValues(a: SweptValues, b: SweptValues): boolean {
  return sweptKeySuffix(a) === sweptKeySuffix(b);
}
