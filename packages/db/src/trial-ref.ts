// Why: `gemsweep logs` takes a trial as its full id or a unique prefix of it, as sweeps are taken.
import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { FULL_UUID, MIN_ID_PREFIX, uuidPrefixBounds } from "./uuid-prefix.js";

/**
 * The id of the trial `ref` names: a full id (returned as given), or a hex prefix of exactly
 * one trial's id. A shared prefix is INVALID_INPUT naming `field` with the candidates; nothing
 * matching is NOT_FOUND.
 */
export async function resolveTrialRef(
  prisma: PrismaClient,
  ref: string,
  field = "id",
): Promise<string> {
  const text = ref.trim();
  if (FULL_UUID.test(text)) return text.toLowerCase();
  const bounds = uuidPrefixBounds(text);
  if (!bounds) {
    throw new GemSweepError(
      ErrorCode.NOT_FOUND,
      `trial ${text} not found (give its id or at least ${MIN_ID_PREFIX} hex digits of it)`,
    );
  }
  const { rows } = await sqlPoolOf(prisma).query<{
    id: string;
    benchmark: string;
    configKey: string;
    seed: number;
  }>({
    name: "gemsweep.trial-by-prefix",
    text: `SELECT id::text, benchmark, "configKey", seed FROM "Trial" WHERE id BETWEEN $1::uuid AND $2::uuid ORDER BY id LIMIT 11`,
    values: bounds,
  });
  if (rows.length === 0)
    throw new GemSweepError(ErrorCode.NOT_FOUND, `no trial id starts with ${text}`);
  if (rows.length > 1) {
    const listed = rows
      .slice(0, 10)
      .map((r) => `${r.id} (${r.benchmark} ${r.configKey} seed ${r.seed})`)
      .join("; ");
    const message = `'${text}' is a prefix of ${rows.length > 10 ? "more than 10" : rows.length} trial ids: ${listed}; give more of the id`;
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `ambiguous trial ${message}`, {
      issues: [{ path: field, message }],
    });
  }
  return rows[0]!.id;
}
