import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { DatasetError } from "./dataset-error.js";

// Why: the dataset archives are 160-190 MB; a download streams to disk (never the whole file in
// memory), survives dropped connections by resuming where it stopped (HTTP Range), and lands
// under its real name only once complete and verified.

/** Downloads are on unless GEMSWEEP_DOWNLOAD=0 (tests and air-gapped machines turn them off). */
export function downloadsEnabled(): boolean {
  return process.env["GEMSWEEP_DOWNLOAD"] !== "0";
}

export interface DownloadOptions {
  sha256?: string;
  md5?: string;
  /** Consecutive attempts without progress before giving up (default 5). */
  retries?: number;
  /** First pause between attempts, doubled each time up to 10 s (default 500 ms). */
  retryDelayMs?: number;
  /** An attempt that receives nothing for this long is abandoned and retried (default 60 s). */
  idleTimeoutMs?: number;
}

/** A failure no retry can fix (404, 403...): reported at once. */
class PermanentError extends Error {}

/** Bytes already in the partial file. */
function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** GET `url` (following up to 5 redirects), with an idle timeout on the socket. */
function request(url: string, headers: Record<string, string>, idleTimeoutMs: number, redirects = 5): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith("https:") ? httpsGet : httpGet;
    const req = get(url, { headers }, (res) => {
      const location = res.headers.location;
      if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
        res.resume();
        if (redirects === 0) return reject(new Error(`too many redirects at ${url}`));
        return resolve(request(new URL(location, url).toString(), headers, idleTimeoutMs, redirects - 1));
      }
      resolve(res);
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no data for ${idleTimeoutMs} ms`)));
    req.on("error", reject);
  });
}

/**
 * One attempt: asks for the bytes after what `part` holds and appends them. Resolves when the file
 * is complete (the announced length reached, or the body ended without announcing one); throws
 * when the connection drops, stalls or ends short. Node's http (not fetch): every chunk that
 * arrived before a drop is handed over and written, so the next attempt resumes after it.
 */
async function fetchRest(url: string, part: string, idleTimeoutMs: number): Promise<void> {
  const have = sizeOf(part);
  const res = await request(url, have > 0 ? { range: `bytes=${have}-` } : {}, idleTimeoutMs);
  const status = res.statusCode ?? 0;
  if (status === 416 && have > 0) {
    // Nothing after what we have: the part is the whole file (checked by its checksum next).
    res.resume();
    return;
  }
  if (status < 200 || status >= 300) {
    res.resume();
    const message = `HTTP ${status} ${res.statusMessage ?? ""}`.trim();
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new PermanentError(message);
    throw new Error(message);
  }
  // 206: the rest, appended; 200: the server ignored the range, start over.
  const append = status === 206 && have > 0;
  const total = totalLength(res, append ? have : 0);
  const out = createWriteStream(part, { flags: append ? "a" : "w" });
  try {
    await new Promise<void>((resolve, reject) => {
      // Never paused: a paused response that is then cut loses what it buffered. The write queue
      // holds at most what the disk is behind the network (in practice little; at worst the file).
      res.on("data", (chunk: Buffer) => void out.write(chunk));
      res.on("end", () => resolve());
      res.on("error", reject);
      res.on("close", () => (res.complete ? resolve() : reject(new Error("connection closed mid-file"))));
      out.on("error", reject);
    });
  } finally {
    // end, not destroy: what arrived is flushed to the part file either way.
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  const size = sizeOf(part);
  if (total !== undefined && size !== total) throw new Error(`connection closed after ${size} of ${total} bytes`);
}

/** The whole file's length, from Content-Range (a 206) or Content-Length plus what we asked to skip. */
function totalLength(res: IncomingMessage, skipped: number): number | undefined {
  const whole = /\/(\d+)$/.exec(res.headers["content-range"] ?? "")?.[1];
  if (whole) return Number(whole);
  const length = res.headers["content-length"];
  return length ? skipped + Number(length) : undefined;
}

async function hashFile(path: string, algo: "sha256" | "md5"): Promise<string> {
  const hash = createHash(algo);
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/** The first checksum that does not match, as a message; undefined when all match. */
async function checksumMismatch(path: string, url: string, opts: DownloadOptions): Promise<string | undefined> {
  for (const [algo, expected] of [["sha256", opts.sha256], ["md5", opts.md5]] as const) {
    if (!expected) continue;
    const actual = await hashFile(path, algo);
    if (actual !== expected.toLowerCase()) return `download of ${url} has ${algo} ${actual}, expected ${expected}`;
  }
  return undefined;
}

/**
 * Fetches `url` into `dest` and returns `dest`. Streams into `dest.part`, resuming it (HTTP Range)
 * after a dropped connection or a stall, and after a crash of an earlier process; retries with
 * backoff until `retries` attempts in a row add nothing. The file is verified against the given
 * checksums and renamed to `dest` only then. A part that fails its checksum is deleted and, if it
 * was a resumed one, fetched once more from the start. Failures: DatasetError naming the file.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<string> {
  const retries = opts.retries ?? 5;
  const baseDelay = opts.retryDelayMs ?? 500;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const part = `${dest}.part`;
  mkdirSync(dirname(dest), { recursive: true });
  const fail = (why: string, cause?: unknown) =>
    new DatasetError("missing", dest, `missing ${dest}, and downloading it from ${url} failed (${why}); download it elsewhere and put it at ${dest}`, cause);
  let resumed = sizeOf(part) > 0;
  let fresh = false;
  for (;;) {
    let stalled = 0;
    for (;;) {
      const before = sizeOf(part);
      try {
        await fetchRest(url, part, idleTimeoutMs);
        break;
      } catch (err) {
        if (err instanceof PermanentError) throw fail(err.message, err);
        // An attempt that added bytes resets the count: a flaky server that drops every few MB still finishes.
        stalled = sizeOf(part) > before ? 0 : stalled + 1;
        if (sizeOf(part) > 0) resumed = true;
        if (stalled >= retries) throw fail(`${(err as Error).message}; ${stalled} attempts in a row without progress`, err);
        await new Promise((r) => setTimeout(r, Math.min(10_000, baseDelay * 2 ** Math.max(0, stalled - 1))));
      }
    }
    const mismatch = await checksumMismatch(part, url, opts);
    if (!mismatch) break;
    rmSync(part, { force: true });
    // A part resumed from an earlier (other) file can fail its checksum: one clean try from byte 0.
    if (!resumed || fresh) throw new DatasetError("corrupt", dest, mismatch);
    fresh = true;
    resumed = false;
  }
  renameSync(part, dest);
  return dest;
}
