import { assertUuid } from "@gemsweep/db";

/** Route ids are UUIDs; anything else is a 404 before the database is asked. */
export function sweepIdOf(id: string): string {
  return assertUuid(id, "sweep");
}
