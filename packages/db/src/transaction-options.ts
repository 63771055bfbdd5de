/**
 * Interactive transactions wait for a pool connection up to maxWait. Prisma's 2 s default is
 * too short on a busy 2-core machine with training workers (seen: "Unable to start a
 * transaction in the given time" from a heartbeat); a short wait that fails loses nothing but
 * costs a retry, so wait longer.
 */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;
