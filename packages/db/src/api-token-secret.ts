// Why: a presented API token is checked against a salted scrypt hash of its secret part, so the
// database never holds anything that works as a token, and the comparison takes constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** Tokens read `gsw_<id>_<secret>`: the prefix lets secret scanners find leaked ones. */
export const API_TOKEN_PREFIX = "gsw_";
const TOKEN_PATTERN = /^gsw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Anything in a text that looks like one of our tokens (for redaction). */
export const API_TOKEN_LIKE = /gsw_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}/g;

// 16 MiB and tens of milliseconds per hash; a verified token is remembered by ApiTokenStore, so
// this is paid once per token and server process, not per request.
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptKey(secret: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_BYTES, { ...params, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export interface NewApiToken {
  /** the public part, the row's id */
  id: string;
  /** the whole token, to show once */
  token: string;
  /** what is stored */
  secretHash: string;
}

/** A fresh token: 48 random bits of id, 256 random bits of secret, and the secret's hash. */
export async function newApiToken(): Promise<NewApiToken> {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return {
    id,
    token: `${API_TOKEN_PREFIX}${id}_${secret}`,
    secretHash: await scryptHashOf(secret),
  };
}

/** The id and secret of a well-formed token, or null for anything else. */
export function apiTokenParts(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** `scrypt$N$r$p$<salt>$<hash>` (base64url) of a secret, with a new random salt. */
export async function scryptHashOf(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptKey(secret, salt, SCRYPT);
  return [
    "scrypt",
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/** Whether `secret` hashes to `encoded` (its own parameters and salt), compared in constant time. */
export async function secretMatchesHash(secret: string, encoded: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = encoded.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scryptKey(secret, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
