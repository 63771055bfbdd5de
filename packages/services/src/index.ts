export { LocalServices, redactUrl, type ServiceUrls } from "./services.js";
export { serviceConfig, type ServiceConfig } from "./service-config.js";
export type { ServiceHealth } from "./service-health.js";
export { MissingBinaryError } from "./missing-binary-error.js";
export { PostgresService, pingPostgres } from "./postgres-service.js";
export { RedisService, pingRedis } from "./redis-service.js";
export { postgresBinDir } from "./postgres-binaries.js";
export { redisServerBinary } from "./redis-binary.js";
export { dumpToArchive, readArchiveContents, restoreArchive, postgresTool, type ArchiveContents } from "./postgres-archive.js";
