// Why: one worker's own road to Redis or PostgreSQL that a test can cut and heal, so a network
// partition of that one machine is played without touching the host's network or the servers.
import net from "node:net";

/**
 * How a cut looks from the worker:
 * - `blackhole`: the network is gone but the connections survive (a minute without a link is
 *   well inside TCP's retransmission time): nothing flows either way, new connections hang, and
 *   everything written meanwhile arrives after the heal;
 * - `reset`: every connection is reset and new ones are refused until the heal (an interface
 *   that went down and up, a NAT that forgot the flows).
 */
export type CutMode = "blackhole" | "reset";

interface Link {
  client: net.Socket;
  upstream: net.Socket;
}

/** A TCP proxy (node:net) from 127.0.0.1:<port> to one target, with cut(mode) and heal(). */
export class PartitionProxy {
  private readonly links = new Set<Link>();
  /** clients that connected while blackholed: connected upstream at the heal */
  private readonly held = new Set<net.Socket>();
  private mode: CutMode | null = null;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async open(target: { host: string; port: number }): Promise<PartitionProxy> {
    const server = net.createServer({ pauseOnConnect: true });
    const proxy = new PartitionProxy(server, target);
    server.on("connection", (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `url` with its host and port replaced by this proxy's. */
  urlThrough(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = "127.0.0.1";
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get cut(): CutMode | null {
    return this.mode;
  }

  /** Cuts the road: see CutMode. */
  partition(mode: CutMode): void {
    this.mode = mode;
    for (const link of this.links) {
      if (mode === "reset") this.drop(link);
      else this.stall(link);
    }
    if (mode === "reset") for (const client of this.held) client.resetAndDestroy();
  }

  /** Opens the road again: stalled connections flow on, held ones are connected. */
  heal(): void {
    const was = this.mode;
    this.mode = null;
    if (was !== "blackhole") return;
    for (const link of this.links) this.flow(link);
    for (const client of [...this.held]) {
      this.held.delete(client);
      this.connect(client);
    }
  }

  async close(): Promise<void> {
    for (const link of this.links) this.drop(link);
    for (const client of this.held) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on("error", () => undefined);
    if (this.mode === "reset") {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === "blackhole") {
      this.held.add(client);
      client.once("close", () => this.held.delete(client));
      return;
    }
    this.connect(client);
  }

  private connect(client: net.Socket): void {
    const upstream = net.connect(this.target);
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    const link = { client, upstream };
    this.links.add(link);
    upstream.on("error", () => undefined);
    // either side closing closes the other: a restarting server drops its clients, as it would directly
    const end = () => {
      if (!this.links.delete(link)) return;
      client.destroy();
      upstream.destroy();
    };
    client.once("close", end);
    upstream.once("close", end);
    upstream.once("connect", () => {
      if (this.mode === "blackhole") this.stall(link);
      else if (this.mode === "reset") this.drop(link);
      else this.flow(link);
    });
  }

  private flow({ client, upstream }: Link): void {
    if (upstream.connecting) return; // piped once connected
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
    upstream.resume();
  }

  private stall({ client, upstream }: Link): void {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }

  private drop({ client, upstream }: Link): void {
    client.resetAndDestroy();
    upstream.destroy();
  }
}
