/** Splits an activation key (`e-gem|N=1|eps=0.01`) into its family and parameters. */
export function parseActivationKey(key: string): { family: string; params: Record<string, number> } {
  const [family = key, ...rest] = key.split("|");
  const params: Record<string, number> = {};
  for (const part of rest) {
    const [name, value] = part.split("=");
    if (name && value !== undefined && Number.isFinite(Number(value))) params[name] = Number(value);
  }
  return { family, params };
}
