// Why: the embedded Redis is the system's redis-server, wherever the platform installed it.
import { findExecutable, isExecutable } from "./find-executable.js";
import { MissingBinaryError } from "./missing-binary-error.js";

export const REDIS_INSTALL_LINES = [
  "Debian/Ubuntu: sudo apt-get install -y redis-server",
  "Homebrew:      brew install redis",
];

/**
 * The redis-server to run. In order: GEMSWEEP_REDIS_SERVER, PATH (Homebrew, other
 * distributions), then /usr/sbin and /usr/bin (Debian's package).
 */
export function redisServerBinary(): string {
  const explicit = process.env.GEMSWEEP_REDIS_SERVER;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new MissingBinaryError(`redis-server (GEMSWEEP_REDIS_SERVER=${explicit})`, [
      "point GEMSWEEP_REDIS_SERVER at a redis-server executable, or unset it to search PATH",
      ...REDIS_INSTALL_LINES,
    ]);
  }
  const found = findExecutable("redis-server", ["/usr/sbin", "/usr/bin"]);
  if (found) return found;
  throw new MissingBinaryError("redis-server", REDIS_INSTALL_LINES);
}
