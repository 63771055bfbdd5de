// Why: suites that run a private Redis + PostgreSQL need ports nobody else (another suite,
// another checkout's services) is listening on.
import { createServer } from "node:net";

/** `count` TCP ports on 127.0.0.1 that were free a moment ago (the OS picks them). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            if (address && typeof address === "object") resolve(address.port);
            else reject(new Error("no port assigned"));
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
