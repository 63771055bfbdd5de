// Why: the soak restarts Redis and PostgreSQL, so it runs its own pair (free ports, a temporary
// state folder) and never disturbs the services of the clone or of other test runs.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";

export interface SoakStack {
  services: LocalServices;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
  redisPort: number;
  postgresPort: number;
  dispose(): Promise<void>;
}

/** A TCP port nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Embedded Redis + PostgreSQL under a new temporary state folder, migrated. */
export async function startSoakStack(ports: { redis?: number; postgres?: number } = {}): Promise<SoakStack> {
  const stateDir = mkdtempSync(path.join(tmpdir(), "gemsweep-soak-"));
  const redisPort = ports.redis ?? (await freePort());
  const postgresPort = ports.postgres ?? (await freePort());
  // an empty env: REDIS_URL / DATABASE_URL of the caller must not make these services "external"
  const services = new LocalServices({ stateDir, redisPort, postgresPort, database: "gemsweep" }, {});
  const { redisUrl, databaseUrl } = await services.up();
  await migrateDatabase(databaseUrl);
  return {
    services,
    redisUrl,
    databaseUrl,
    stateDir,
    redisPort,
    postgresPort,
    async dispose() {
      await services.down().catch(() => undefined);
      // as root the cluster of a 0700 folder lives elsewhere (docs/architecture.md, services)
      const cluster = services.postgres.location;
      rmSync(stateDir, { recursive: true, force: true });
      if (cluster.relocated) rmSync(cluster.dir, { recursive: true, force: true });
    },
  };
}
