import path from "node:path";

/** Where the embedded services keep their data, logs and pid files, and on which ports. */
export interface ServiceConfig {
  stateDir: string;
  redisPort: number;
  postgresPort: number;
  /** database the embedded PostgreSQL serves to the app */
  database: string;
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

/**
 * Defaults are project-local (./.gemsweep under the current directory) and use ports off the
 * services' usual ones, so that a system Redis or PostgreSQL on 6379/5432 is never touched.
 */
export function serviceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    stateDir: path.resolve(env.GEMSWEEP_STATE_DIR ?? path.join(process.cwd(), ".gemsweep")),
    redisPort: port("GEMSWEEP_REDIS_PORT", 6390),
    postgresPort: port("GEMSWEEP_PG_PORT", 5440),
    database: env.GEMSWEEP_PG_DATABASE ?? "gemsweep",
  };
}
