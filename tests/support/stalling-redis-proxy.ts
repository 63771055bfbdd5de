import net from "node:net";

const INFO_COMMAND = /\r\ninfo\r\n/i;

/**
 * A TCP proxy in front of the real Redis that stalls each connection once, right after
 * ioredis's ready check (its first INFO) has been answered: the replies of the next `stallMs`
 * are held, then passed on in order, and the connection is fast from then on. That is what a
 * client sees when the server is starved of CPU on a loaded machine just after connecting, and it
 * holds BullMQ's start-up (its own INFO, the version check) open for `stallMs`.
 */
export async function startStallingRedisProxy(
  redisUrl: string,
  stallMs: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(redisUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const redis = net.connect(Number(upstream.port || 6379), upstream.hostname);
    sockets.add(client).add(redis);
    let readyCheckSent = false;
    let held: Buffer[] | undefined; // replies held while stalled
    let stalled = false; // the stall has begun (it happens once)
    client.on("data", (chunk) => {
      if (INFO_COMMAND.test(chunk.toString("latin1"))) readyCheckSent = true;
      redis.write(chunk);
    });
    redis.on("data", (chunk) => {
      if (held) {
        held.push(chunk);
        return;
      }
      client.write(chunk);
      if (readyCheckSent && !stalled) {
        stalled = true; // that was the ready check's reply: stall from here on
        held = [];
        setTimeout(() => {
          for (const late of held ?? []) if (client.writable) client.write(late);
          held = undefined;
        }, stallMs);
      }
    });
    const end = () => {
      client.destroy();
      redis.destroy();
    };
    client.on("close", end).on("error", end);
    redis.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(redisUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
