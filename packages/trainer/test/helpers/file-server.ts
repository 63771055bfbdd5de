import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local HTTP server for the download tests (node:http on 127.0.0.1): serves named files with
// HTTP Range support, and misbehaves on request: drops the connection mid-file, stalls, ignores
// ranges, or answers with an error status.

export interface ServedRequest {
  path: string;
  range: string | undefined;
}

export interface Misbehaviour {
  /** For the first `times` requests of a file, send `afterBytes` bytes of the body and drop the connection. */
  drop?: { times: number; afterBytes: number };
  /** For the first `times` requests, send `afterBytes` bytes and then nothing, keeping the connection open. */
  stall?: { times: number; afterBytes: number };
  /** Answer every request with 200 and the whole file (no Range support). */
  ignoreRange?: boolean;
  /** Answer with this status (no body) instead. */
  status?: number;
}

export interface FileServer {
  url: string;
  requests: ServedRequest[];
  close(): Promise<void>;
}

export async function startFileServer(files: Record<string, Uint8Array>, misbehave: Misbehaviour = {}): Promise<FileServer> {
  const requests: ServedRequest[] = [];
  const open = new Set<import("node:net").Socket>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.slice(1));
    const range = req.headers.range;
    requests.push({ path, range });
    const n = requests.filter((r) => r.path === path).length;
    const body = files[path];
    if (misbehave.status) return void res.writeHead(misbehave.status).end();
    if (!body) return void res.writeHead(404).end();
    const start = !misbehave.ignoreRange && range ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    if (start >= body.length && start > 0) return void res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
    const rest = body.subarray(start);
    const headers: Record<string, string | number> = { "content-length": rest.length, "accept-ranges": misbehave.ignoreRange ? "none" : "bytes" };
    if (start > 0) headers["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const cut = misbehave.drop && n <= misbehave.drop.times ? misbehave.drop : undefined;
    const hang = misbehave.stall && n <= misbehave.stall.times ? misbehave.stall : undefined;
    if (cut) {
      // FIN after the bytes (not a reset, which may discard them in the client's buffers): the
      // client sees a response that ends short of its Content-Length.
      res.write(rest.subarray(0, cut.afterBytes), () => res.socket?.end());
      return;
    }
    if (hang) {
      res.write(rest.subarray(0, hang.afterBytes)); // and nothing more
      return;
    }
    res.end(rest);
  });
  server.on("connection", (s) => {
    open.add(s);
    s.on("close", () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
