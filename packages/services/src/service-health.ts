/** What `services status` reports for one service. */
export interface ServiceHealth {
  name: "redis" | "postgres";
  url: string;
  healthy: boolean;
  /** true when GemSweep started it (embedded); false when it came from REDIS_URL / DATABASE_URL */
  managed: boolean;
  pid?: number | undefined;
  logFile?: string | undefined;
  /** where an embedded service keeps its data (for PostgreSQL as root, possibly outside the state folder) */
  dataDir?: string | undefined;
  error?: string | undefined;
}
