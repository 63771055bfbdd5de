import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tar from "tar";
import { afterEach, describe, expect, it } from "vitest";
import { DatasetError, downloadFile, extractTar, extractZip, loadCifarDataset, loadTokenCorpus, sourceUrl } from "../src/index.js";
import { cifarRecords, tempDataDir } from "./helpers/dataset-files.js";
import { startFileServer, type FileServer } from "./helpers/file-server.js";
import { zipBytes } from "./helpers/zip-file.js";

// Downloads stream to disk, resume after a dropped or stalled connection (HTTP Range), retry
// with backoff, and land only when verified; archives unpack with npm tar and yauzl. Every
// server here is a local node:http one the test starts: nothing is downloaded from outside.

const payload = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
const sha256 = createHash("sha256").update(payload).digest("hex");
const fast = { retryDelayMs: 5, idleTimeoutMs: 500 };

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("downloadFile", () => {
  it("streams a file to disk and verifies it; no .part is left", async () => {
    server = await startFileServer({ "data.bin": payload });
    const dest = join(tempDataDir(), "sub", "data.bin");
    expect(await downloadFile(`${server.url}/data.bin`, dest, { sha256, ...fast })).toBe(dest);
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(server.requests).toEqual([{ path: "data.bin", range: undefined }]);
  });

  it("a server that drops the connection mid-file twice: resumed with Range from where each attempt stopped", async () => {
    server = await startFileServer({ "data.bin": payload }, { drop: { times: 2, afterBytes: 100_000 } });
    const dest = join(tempDataDir(), "data.bin");
    await downloadFile(`${server.url}/data.bin`, dest, { sha256, ...fast });
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, "bytes=100000-", "bytes=200000-"]);
  });

  it("a server that stalls mid-file: the attempt times out and the rest is fetched", async () => {
    server = await startFileServer({ "data.bin": payload }, { stall: { times: 1, afterBytes: 50_000 } });
    const dest = join(tempDataDir(), "data.bin");
    await downloadFile(`${server.url}/data.bin`, dest, { sha256, retryDelayMs: 5, idleTimeoutMs: 200 });
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, "bytes=50000-"]);
  });

  it("a server without Range support that drops the connection: each attempt starts over, and the file is still whole", async () => {
    server = await startFileServer({ "data.bin": payload }, { ignoreRange: true, drop: { times: 1, afterBytes: 120_000 } });
    const dest = join(tempDataDir(), "data.bin");
    await downloadFile(`${server.url}/data.bin`, dest, { sha256, ...fast });
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("resumes a .part left by an earlier process", async () => {
    server = await startFileServer({ "data.bin": payload });
    const dest = join(tempDataDir(), "data.bin");
    writeFileSync(`${dest}.part`, payload.subarray(0, 123_456));
    await downloadFile(`${server.url}/data.bin`, dest, { sha256, ...fast });
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual(["bytes=123456-"]);
  });

  it("a stale .part of another file fails its checksum and is fetched once more from byte 0", async () => {
    server = await startFileServer({ "data.bin": payload });
    const dest = join(tempDataDir(), "data.bin");
    writeFileSync(`${dest}.part`, new Uint8Array(1000).fill(9));
    await downloadFile(`${server.url}/data.bin`, dest, { sha256, ...fast });
    expect(readFileSync(dest).equals(Buffer.from(payload))).toBe(true);
    expect(server.requests.map((r) => r.range)).toEqual(["bytes=1000-", undefined]);
  });

  it("a checksum mismatch is a corrupt-data error naming the file; nothing is left behind", async () => {
    server = await startFileServer({ "data.bin": payload });
    const dest = join(tempDataDir(), "data.bin");
    const err = (await downloadFile(`${server.url}/data.bin`, dest, { md5: "0".repeat(32), ...fast }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.message).toMatch(/md5 .* expected 0{32}/);
    expect(existsSync(dest) || existsSync(`${dest}.part`)).toBe(false);
  });

  it("a 404 fails at once; a 503 is retried until `retries` attempts in a row made no progress", async () => {
    server = await startFileServer({ "data.bin": payload });
    const dest = join(tempDataDir(), "missing.bin");
    await expect(downloadFile(`${server.url}/missing.bin`, dest, fast)).rejects.toThrow(/HTTP 404.*put it at .*missing\.bin/);
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startFileServer({ "data.bin": payload }, { status: 503 });
    await expect(downloadFile(`${server.url}/data.bin`, join(tempDataDir(), "d.bin"), { ...fast, retries: 3 })).rejects.toThrow(/HTTP 503.*3 attempts in a row without progress/);
    expect(server.requests).toHaveLength(3);
  });

  it("a mirror replaces the canonical URL's origin and folder, keeping the file name", () => {
    expect(sourceUrl("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "http://10.0.0.5/data/")).toBe("http://10.0.0.5/data/cifar-10-binary.tar.gz");
    expect(sourceUrl("https://a.b/c/d.zip", undefined)).toBe("https://a.b/c/d.zip");
  });
});

describe("archives", () => {
  it("a .tar.gz (made with npm tar here) unpacks its regular files; a symlink in it is skipped", async () => {
    const src = tempDataDir("tar-src-");
    mkdirSync(join(src, "cifar-10-batches-bin"));
    writeFileSync(join(src, "cifar-10-batches-bin", "test_batch.bin"), cifarRecords(2, 10, 5));
    symlinkSync("/etc/passwd", join(src, "cifar-10-batches-bin", "link"));
    const archive = join(tempDataDir(), "a.tar.gz");
    await tar.c({ gzip: true, file: archive, cwd: src }, ["cifar-10-batches-bin"]);
    const dest = tempDataDir("tar-out-");
    expect(await extractTar(archive, dest)).toEqual([join(dest, "cifar-10-batches-bin", "test_batch.bin")]);
    expect(existsSync(join(dest, "cifar-10-batches-bin", "link"))).toBe(false);
  });

  it("a truncated .tar.gz is a corrupt-data error naming the archive", async () => {
    const src = tempDataDir("tar-src-");
    writeFileSync(join(src, "x.bin"), Buffer.from(payload));
    const archive = join(tempDataDir(), "t.tar.gz");
    await tar.c({ gzip: true, file: archive, cwd: src }, ["x.bin"]);
    const whole = readFileSync(archive);
    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(extractTar(archive, tempDataDir())).rejects.toThrow(/t\.tar\.gz is not a readable archive.*truncated or corrupt/);
  });

  it("a .zip unpacks with yauzl; an entry escaping the folder and a truncated zip are refused", async () => {
    const dir = tempDataDir();
    const archive = join(dir, "w.zip");
    writeFileSync(archive, zipBytes({ "wikitext-2-raw/": "", "wikitext-2-raw/wiki.test.raw": " hello world\n" }));
    const dest = join(dir, "out");
    expect(await extractZip(archive, dest)).toEqual([join(dest, "wikitext-2-raw", "wiki.test.raw")]);
    expect(readFileSync(join(dest, "wikitext-2-raw", "wiki.test.raw"), "utf8")).toBe(" hello world\n");

    writeFileSync(archive, zipBytes({ "../evil.txt": "x" }));
    await expect(extractZip(archive, join(dir, "out2"))).rejects.toThrow(DatasetError);
    expect(existsSync(join(dir, "evil.txt"))).toBe(false);
    writeFileSync(archive, zipBytes({ "a.txt": "abc" }).subarray(0, 40));
    await expect(extractZip(archive, join(dir, "out3"))).rejects.toThrow(/w\.zip is not a readable archive/);
  });
});

describe("datasets downloaded from a mirror (a local server), dropped connections included", () => {
  it("CIFAR-10: the .tar.gz is fetched, resumed after a drop, unpacked and loaded", async () => {
    const src = tempDataDir("cifar-src-");
    const batches = join(src, "cifar-10-batches-bin");
    mkdirSync(batches);
    for (let b = 1; b <= 5; b++) writeFileSync(join(batches, `data_batch_${b}.bin`), cifarRecords(3, 10, b));
    writeFileSync(join(batches, "test_batch.bin"), cifarRecords(4, 10, 9));
    const archive = join(tempDataDir(), "cifar-10-binary.tar.gz");
    await tar.c({ gzip: true, file: archive, cwd: src }, ["cifar-10-batches-bin"]);
    const bytes = readFileSync(archive);
    server = await startFileServer({ "cifar-10-binary.tar.gz": bytes }, { drop: { times: 1, afterBytes: Math.floor(bytes.length / 2) } });
    const dataDir = tempDataDir();
    // verify: false, because this archive is not the real one whose md5 the loader knows
    const ds = await loadCifarDataset("cifar-10", { dataDir, download: true, mirror: server.url, verify: false });
    expect([ds.train.count, ds.test.count]).toEqual([15, 4]);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${Math.floor(bytes.length / 2)}-`]);
    // the real archive's md5 is checked when verifying
    await expect(loadCifarDataset("cifar-10", { dataDir: tempDataDir(), download: true, mirror: server.url })).rejects.toThrow(/md5 .*expected c32a1d4ab5d03f1284b67883e8d87530/);
  });

  it("WikiText-2: the .zip is fetched, unpacked and tokenized", async () => {
    const zip = zipBytes({
      "wikitext-2-raw/wiki.train.raw": Array.from({ length: 3000 }, (_, i) => ` Line ${i * 7919} of the game's development .\n`).join(""),
      "wikitext-2-raw/wiki.valid.raw": " The music was composed by Hitoshi Sakimoto .\n",
      "wikitext-2-raw/wiki.test.raw": " It met with positive sales in Japan .\n",
    });
    const half = Math.floor(zip.length / 2);
    server = await startFileServer({ "wikitext-2-raw-v1.zip": zip }, { drop: { times: 1, afterBytes: half } });
    const corpus = await loadTokenCorpus("wikitext-2", { dataDir: tempDataDir(), download: true, mirror: server.url });
    expect(corpus.valid.length).toBeGreaterThan(5);
    expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${half}-`]);
  });
});
