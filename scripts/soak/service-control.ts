// Why: starting and stopping the embedded services blocks on pg_ctl and redis-server, so the soak
// does it in a child process of its own: the soak's event loop, which carries every worker's
// proxies, never stalls, and the child is started once, so a restart costs no process start-up.
import { fork, type ChildProcess } from "node:child_process";
import { LocalServices } from "@gemsweep/services";

export type ServiceName = "redis" | "postgres";

export interface ServiceAddress {
  stateDir: string;
  redisPort: number;
  postgresPort: number;
}

interface Request {
  id: number;
  action: "start" | "stop";
  service: ServiceName;
}

interface Reply {
  id: number;
  error?: string;
}

/** The parent's side: one child process that starts and stops the soak's services on request. */
export class ServiceController {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(address: ServiceAddress) {
    this.child = fork(import.meta.filename, [address.stateDir, String(address.redisPort), String(address.postgresPort)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.child.on("message", (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error) waiter?.reject(new Error(reply.error));
      else waiter?.resolve();
    });
    this.child.once("exit", (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the service controller exited (${code})`));
      this.waiting.clear();
    });
  }

  /** Resolves once the service has stopped, or answers again. */
  request(action: "start" | "stop", service: ServiceName): Promise<void> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, action, service } satisfies Request);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

// The child's side: runs one request at a time, as they come.
if (process.argv[1] === import.meta.filename && process.send) {
  const [stateDir, redisPort, postgresPort] = process.argv.slice(2);
  const services = new LocalServices({ stateDir: stateDir!, redisPort: Number(redisPort), postgresPort: Number(postgresPort), database: "gemsweep" }, {});
  let queue = Promise.resolve();
  process.on("message", (request: Request) => {
    queue = queue.then(async () => {
      const target = request.service === "redis" ? services.redis : services.postgres;
      try {
        await (request.action === "start" ? target.start() : target.stop());
        process.send!({ id: request.id } satisfies Reply);
      } catch (error) {
        process.send!({ id: request.id, error: (error as Error).message } satisfies Reply);
      }
    });
  });
  process.on("disconnect", () => process.exit(0));
}
