// Why: ids may be given as a prefix; a prefix is turned into the id range it covers, so the primary key's index answers.

/** The shortest id prefix taken: fewer hex digits would match too often to be useful. */
export const MIN_ID_PREFIX = 4;

export const FULL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PREFIX =
  /^(?:[0-9a-f]{1,32}|[0-9a-f]{8}(?:-[0-9a-f]{0,4}){0,3}(?:-[0-9a-f]{0,12})?|[0-9a-f]{1,8}-?)$/i;

function asUuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`;
}

/** The lowest and highest UUID starting with `prefix` (hyphens as in an id, optional); null when it is not such a prefix of at least MIN_ID_PREFIX hex digits. */
export function uuidPrefixBounds(prefix: string): [string, string] | null {
  if (!UUID_PREFIX.test(prefix)) return null;
  const hex = prefix.replace(/-/g, "").toLowerCase();
  if (hex.length < MIN_ID_PREFIX) return null;
  return [asUuid(hex.padEnd(32, "0")), asUuid(hex.padEnd(32, "f"))];
}
