// Why: one resolver for every place a sweep is named (CLI arguments, API paths): a full id, a unique id prefix, or a name.
import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { FULL_UUID, MIN_ID_PREFIX, uuidPrefixBounds } from "./uuid-prefix.js";

/** A sweep a reference resolved to, and how it matched. */
export interface ResolvedSweep {
  id: string;
  name: string;
  createdAt: Date;
  matchedBy: "id" | "prefix" | "name";
}

/** The most candidates an ambiguity error lists. */
const LISTED = 10;

interface Candidate {
  id: string;
  name: string;
  createdAt: Date;
}

function describe(candidates: readonly Candidate[]): string {
  const shown = candidates
    .slice(0, LISTED)
    .map((c) => `${c.id} (${c.name}, created ${c.createdAt.toISOString()})`);
  const more = candidates.length > LISTED ? `, and ${candidates.length - LISTED} more` : "";
  return `${shown.join("; ")}${more}`;
}

/**
 * The sweep `ref` names: a full id; else a hex prefix of exactly one sweep's id (at least
 * MIN_ID_PREFIX digits, hyphens allowed); else a sweep name, which means the newest sweep of
 * that name. A prefix shared by several sweeps, or a reference that is one sweep's id prefix
 * and another's name, is INVALID_INPUT naming `field` and listing the candidates; nothing
 * matching is NOT_FOUND. Two indexed reads at most.
 */
export async function resolveSweepRef(
  prisma: PrismaClient,
  ref: string,
  field = "id",
): Promise<ResolvedSweep> {
  const text = ref.trim();
  const pool = sqlPoolOf(prisma);
  if (FULL_UUID.test(text)) {
    const { rows } = await pool.query<Candidate>({
      name: "gemsweep.sweep-by-id",
      text: `SELECT id::text, name, "createdAt" AT TIME ZONE 'UTC' AS "createdAt" FROM "Sweep" WHERE id = $1::uuid`,
      values: [text],
    });
    if (!rows[0]) throw new GemSweepError(ErrorCode.NOT_FOUND, `sweep ${text} not found`);
    return { ...rows[0], matchedBy: "id" };
  }
  if (text === "") {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, "a sweep id, id prefix or name is required", {
      issues: [{ path: field, message: "a sweep id, id prefix or name is required" }],
    });
  }
  const bounds = uuidPrefixBounds(text);
  const { rows } = await pool.query<Candidate & { byPrefix: boolean; byName: boolean }>({
    name: "gemsweep.sweep-by-ref",
    text: `(SELECT id::text, name, "createdAt" AT TIME ZONE 'UTC' AS "createdAt", true AS "byPrefix", false AS "byName"
        FROM "Sweep" WHERE $2::uuid IS NOT NULL AND id BETWEEN $2::uuid AND $3::uuid
        ORDER BY "createdAt" DESC LIMIT $4)
      UNION ALL
      (SELECT id::text, name, "createdAt" AT TIME ZONE 'UTC', false, true
        FROM "Sweep" WHERE name = $1 ORDER BY "createdAt" DESC, id LIMIT 1)`,
    values: [text, bounds?.[0] ?? null, bounds?.[1] ?? null, LISTED + 1],
  });
  const byPrefix = rows.filter((r) => r.byPrefix);
  const byName = rows.find((r) => r.byName);
  const distinct = [...byPrefix, ...(byName ? [byName] : [])].filter(
    (c, i, all) => all.findIndex((o) => o.id === c.id) === i,
  );
  if (distinct.length === 0) {
    const hint = bounds
      ? ""
      : /^[0-9a-f-]+$/i.test(text)
        ? ` (an id prefix needs at least ${MIN_ID_PREFIX} hex digits)`
        : "";
    throw new GemSweepError(
      ErrorCode.NOT_FOUND,
      `sweep '${text}' not found: no sweep has this id, id prefix or name${hint}`,
    );
  }
  if (distinct.length > 1) {
    const what =
      byName && byPrefix.length > 0
        ? `is a prefix of ${byPrefix.length > LISTED ? "many" : byPrefix.length} sweep id(s) and the name of another`
        : `is a prefix of ${byPrefix.length > LISTED ? `more than ${LISTED}` : byPrefix.length} sweep ids`;
    const message = `'${text}' ${what}: ${describe(distinct)}; give more of the id`;
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `ambiguous sweep ${message}`, {
      issues: [{ path: field, message }],
    });
  }
  const only = distinct[0]!;
  return {
    id: only.id,
    name: only.name,
    createdAt: only.createdAt,
    matchedBy: only.byPrefix ? "prefix" : "name",
  };
}
