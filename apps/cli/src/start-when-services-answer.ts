// Why: a worker started while Redis or PostgreSQL is unreachable (a failover, a restart, a
// network partition) waits for them instead of exiting, as a worker that is already running does.
import { LocalServices, pingPostgres, pingRedis } from "@gemsweep/services";

/** How often a waiting start tries again. */
const RETRY_EVERY_MS = 2000;

/**
 * Runs `start`; when it fails while Redis or PostgreSQL does not answer, says which, waits and
 * runs it again, for up to `waitMs`. A failure while both answer is a real error: it is thrown.
 */
export async function startWhenServicesAnswer<T>(
  start: () => Promise<T>,
  options: { waitMs: number; log: (line: string) => void },
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      return await start();
    } catch (error) {
      const { redisUrl, databaseUrl } = new LocalServices().urls;
      const [redis, postgres] = await Promise.all([pingRedis(redisUrl), pingPostgres(databaseUrl)]);
      const down = [...(redis ? [] : ["Redis"]), ...(postgres ? [] : ["PostgreSQL"])];
      if (down.length === 0 || Date.now() > deadline) throw error;
      const reason = (error as Error).message.trim().split("\n").at(-1);
      options.log(`${down.join(" and ")} not answering (${reason}): trying again in ${RETRY_EVERY_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
    }
  }
}
