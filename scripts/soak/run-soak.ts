// Why: one soak run end to end: a real sweep on real services and workers under a seeded chaos
// schedule, then the database audited and every fault's recovery measured, as one summary line.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { OPEN_TRIAL_STATUSES } from "@gemsweep/contracts";
import { createPrismaClient, Orchestrator, TrialQueue } from "@gemsweep/db";
import { buildCli } from "../../apps/cli/build/build-cli.js";
import { staleBuildReason } from "../../apps/cli/build/stale-build.js";
import { datasetDirs, findFile } from "../../packages/trainer/src/datasets/data-dir.js";
import { chaosSchedule, DEFAULT_CHAOS, type ChaosSettings, type Fault } from "./chaos-schedule.js";
import { CheckpointVolume } from "./checkpoint-volume.js";
import { recoveryTimes, type FaultRecovery, type InjectedFault } from "./recovery-times.js";
import { auditSoak, type AuditedSweep, type SoakAudit } from "./soak-audit.js";
import { SoakFleet, type SoakWorker } from "./soak-fleet.js";
import { startSoakStack } from "./soak-stack.js";
import { ServiceController } from "./service-control.js";

export interface SoakOptions {
  trials: number;
  minutes: number;
  workers: number;
  seed: number;
  /** trials each worker process runs at once */
  concurrency: number;
  /** real Fashion-MNIST trials among `trials` (default: 1 % of `trials`, at least 4, capped at one per worker; 0 without the dataset) */
  fashionTrials?: number;
  /** every worker's output and the soak's own events (default: a file in the temporary folder) */
  logFile?: string;
  /** leave the services and the state folder behind (for a look afterwards) */
  keep?: boolean;
  chaos?: Partial<ChaosSettings>;
}

export interface SoakReport {
  line: string;
  audit: SoakAudit;
  recoveries: FaultRecovery[];
  /** every broken promise: the audit's, worker crashes, a drain that failed, a sweep that never finished */
  violations: string[];
  logFile: string;
}

const SLEEP_EPOCHS = 3;
const FASHION_EPOCHS = 2;
/** 16 configurations: every sleep trial is one of them with some seed */
const SLEEP_ACTIVATIONS = ["relu", "gelu", { name: "gem", N: [1, 2, 3, 4] }, { name: "e-gem", N: [1, 2], eps: [1e-4, 1e-2, 1] }, { name: "se-gem", N: [1, 2], eps: [1e-4, 1e-2] }];
/** the part of the workers' capacity the sleep trials are sized to fill over the chaos window */
const UTILISATION = 0.5;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  // the workers run the CLI's bundle: build it when it is older than the sources (as setup.sh does)
  if (staleBuildReason()) await buildCli();
  const chaos: ChaosSettings = { ...DEFAULT_CHAOS, ...options.chaos };
  const windowMs = Math.round(options.minutes * 60_000);
  const logFile = options.logFile ?? path.join(tmpdir(), `gemsweep-soak-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const say = (line: string) => {
    log.write(`${new Date().toISOString()} [soak] ${line}\n`);
    if (process.env.SOAK_VERBOSE) console.error(`soak: ${line}`);
  };
  const violations: string[] = [];

  const stack = await startSoakStack();
  const volume = CheckpointVolume.create(path.join(stack.stateDir, "checkpoints"), 256);
  const prisma = createPrismaClient(stack.databaseUrl, { max: 4 });
  const queue = new TrialQueue(stack.redisUrl, `soak-${randomUUID()}`);
  const orchestrator = new Orchestrator(prisma, queue);
  const fleet = new SoakFleet({ redisUrl: stack.redisUrl, databaseUrl: stack.databaseUrl, queue: queue.name, concurrency: options.concurrency, checkpointDir: volume.dir, log });
  const controller = new ServiceController({ stateDir: stack.stateDir, redisPort: stack.redisPort, postgresPort: stack.postgresPort });
  const onSignal = () => {
    fleet.killAll();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  say(`stack: redis ${stack.redisUrl}, postgres ${stack.databaseUrl}, state ${stack.stateDir}; checkpoints on ${volume.fillable ? "a 256 MiB tmpfs" : "a plain folder (not root: the disk-full fault is skipped)"}`);

  let scaling: NodeJS.Timeout | undefined;
  try {
    // -- the sweeps: a few real Fashion-MNIST trials, the rest sleep trials sized to fill the window
    // About one Fashion-MNIST trial per worker. A re-delivered job goes to the front of the queue
    // (BullMQ's stall recovery, the reaper), and on a loaded machine one Fashion-MNIST attempt can
    // outlast a worker between kills. With 24 of them (1.2 % of 2000) they took every slot, were
    // killed and re-delivered over and over, and the sleep trials stopped (docs/reliability.md).
    const fashionWanted = options.fashionTrials ?? Math.min(options.workers, Math.max(4, Math.round(options.trials * 0.012)));
    const haveFashion = findFile(datasetDirs("fashion-mnist"), ["train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"]) !== undefined;
    if (fashionWanted > 0 && !haveFashion) say("Fashion-MNIST is not on this machine (apt-get install dataset-fashion-mnist): sleep trials only");
    const fashionActivations = fashionWanted >= 8 ? ["relu", "gelu", { name: "gem", N: 1 }, { name: "e-gem", eps: 0.1 }] : ["relu", "gelu"];
    const fashionSeeds = haveFashion ? Math.round(fashionWanted / fashionActivations.length) : 0;
    const sleepSeeds = Math.max(1, Math.round((options.trials - fashionSeeds * fashionActivations.length) / 16));
    const slots = options.workers * options.concurrency;
    const sleepMs = Math.min(10_000, Math.max(20, Math.round((slots * windowMs * UTILISATION) / (sleepSeeds * 16 * SLEEP_EPOCHS))));
    const fashionSpec = { name: "soak-fashion", benchmark: "fashion-mnist-mlp", baseline: "gelu", seeds: fashionSeeds, activations: fashionActivations, overrides: { epochs: FASHION_EPOCHS, trainLimit: 400, testLimit: 200 } };
    const sleepSpec = { name: "soak-sleep", benchmark: "sleep", baseline: "gelu", seeds: sleepSeeds, activations: SLEEP_ACTIVATIONS, overrides: { epochs: SLEEP_EPOCHS, sleepMs } };

    // -- the fleet, kept at `workers` processes (as an autoscaler would) whatever the chaos ends
    await Promise.all(Array.from({ length: options.workers }, () => fleet.start().then((w) => w.ready)));
    let stopping = false;
    scaling = setInterval(() => {
      if (!stopping && fleet.running().length < options.workers) void fleet.start().then((w) => say(`started ${w.id}`));
    }, 500);

    const audited: AuditedSweep[] = [];
    const submittedAt = Date.now();
    if (fashionSeeds > 0) {
      const { id, trials } = await orchestrator.submit(fashionSpec);
      audited.push({ id, expected: trials, epochs: FASHION_EPOCHS, hasMetric: true });
    }
    const sleepSweep = await orchestrator.submit(sleepSpec);
    audited.push({ id: sleepSweep.id, expected: sleepSweep.trials, epochs: SLEEP_EPOCHS, hasMetric: false });
    const sweepIds = audited.map((s) => s.id);
    const total = audited.reduce((a, s) => a + s.expected, 0);
    say(`submitted ${total} trials (${fashionSeeds * fashionActivations.length} Fashion-MNIST, ${sleepSweep.trials} sleep of ${SLEEP_EPOCHS} x ${sleepMs} ms) to ${options.workers} workers x ${options.concurrency}`);

    // -- the chaos
    const schedule = chaosSchedule(options.seed, windowMs, chaos);
    const injected: InjectedFault[] = [];
    const heldBy = async (workerId?: string) =>
      prisma.attempt
        .findMany({ where: { status: "RUNNING", ...(workerId ? { workerId } : {}), trial: { sweepId: { in: sweepIds } } }, select: { trialId: true, number: true } })
        .catch(() => [] as Array<{ trialId: string; number: number }>); // PostgreSQL being restarted: nothing known held
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const heldByWorker = async () =>
      prisma.attempt
        .findMany({ where: { status: "RUNNING", trial: { sweepId: { in: sweepIds } } }, select: { workerId: true } })
        .catch(() => [] as Array<{ workerId: string | null }>);
    // a ready worker no other fault is busy with, preferably (`holding`) one running a trial;
    // waits up to `waitMs` for one (all may be starting, or idle)
    const victim = async (fault: { pick: number }, waitMs: number, holding = false): Promise<SoakWorker | undefined> => {
      const deadline = Date.now() + waitMs;
      for (;;) {
        let candidates = fleet.candidates().sort((a, b) => a.id.localeCompare(b.id));
        if (holding && Date.now() < deadline) {
          const busy = new Set((await heldByWorker()).map((a) => a.workerId));
          candidates = candidates.filter((w) => busy.has(w.id));
        }
        const chosen = candidates[fault.pick % Math.max(1, candidates.length)];
        if (chosen) {
          chosen.busy = true; // no other fault picks it meanwhile
          return chosen;
        }
        if (Date.now() > deadline) return undefined;
        await sleep(250);
      }
    };
    const inject = async (fault: Fault): Promise<void> => {
      const startedAt = Date.now();
      switch (fault.kind) {
        case "kill-worker": {
          const worker = await victim(fault, 0);
          if (!worker) return say("kill: no worker to kill (all starting or busy with another fault)");
          const held = await heldBy(worker.id);
          await fleet.kill(worker);
          injected.push({ kind: fault.kind, worker: worker.id, startedAt, endedAt: startedAt, held });
          return say(`SIGKILL ${worker.id} holding ${held.length} trial(s)`);
        }
        case "drain-worker": {
          const worker = await victim(fault, 30_000, true);
          if (!worker) {
            violations.push("drain: no worker to drain within 30 s");
            return;
          }
          const held = await heldBy(worker.id);
          const { code, ms } = await fleet.drain(worker);
          injected.push({ kind: fault.kind, worker: worker.id, startedAt, endedAt: Date.now(), held, note: `exit ${code} after ${ms} ms` });
          if (code !== 0) violations.push(`drain: ${worker.id} exited ${code} after SIGTERM (${ms} ms)`);
          return say(`SIGTERM ${worker.id} holding ${held.length} trial(s): exited ${code} after ${ms} ms`);
        }
        case "restart-redis":
        case "restart-postgres": {
          const service = fault.kind === "restart-redis" ? "redis" : "postgres";
          const held = await heldBy();
          await controller.request("stop", service);
          say(`${service} stopped (${held.length} trials running)`);
          await sleep(fault.downMs);
          await controller.request("start", service);
          injected.push({ kind: fault.kind, startedAt, endedAt: Date.now(), held });
          return say(`${service} back after ${Date.now() - startedAt} ms`);
        }
        case "partition-worker": {
          const worker = await victim(fault, 30_000, true);
          if (!worker) {
            violations.push("partition: no worker to cut off within 30 s");
            return;
          }
          worker.busy = true;
          const held = await heldBy(worker.id);
          worker.redisProxy.partition(fault.mode);
          worker.postgresProxy.partition(fault.mode);
          say(`cut ${worker.id} off (${fault.mode}) for ${fault.forMs} ms, holding ${held.length} trial(s)`);
          await sleep(fault.forMs);
          worker.redisProxy.heal();
          worker.postgresProxy.heal();
          worker.busy = false;
          injected.push({ kind: fault.kind, worker: worker.id, startedAt, endedAt: Date.now(), held, note: fault.mode });
          return say(`healed ${worker.id}`);
        }
        case "fill-checkpoints": {
          if (!volume.fillable) return say("disk full: skipped (not root: no tmpfs to fill)");
          const held = await heldBy();
          const bytes = volume.fill();
          say(`checkpoint volume full (${bytes} bytes of filler), ${held.length} trials running`);
          await sleep(fault.forMs);
          volume.free();
          injected.push({ kind: fault.kind, startedAt, endedAt: Date.now(), held });
          return say("checkpoint volume freed");
        }
      }
    };
    const chaosStart = Date.now();
    await Promise.all(
      schedule.map(async (fault) => {
        await sleep(Math.max(0, chaosStart + fault.at - Date.now()));
        await inject(fault).catch((error: Error) => {
          violations.push(`fault ${fault.kind} could not be injected: ${error.message}`);
          say(`fault ${fault.kind} failed: ${error.stack ?? error.message}`);
        });
      }),
    );
    say(`chaos over after ${Date.now() - chaosStart} ms: ${injected.length} faults`);

    // -- the end of the sweeps: every trial final within the grace period, or it is stuck
    const graceMs = Math.max(60_000, windowMs / 2);
    const deadline = Date.now() + graceMs;
    for (;;) {
      const open = await prisma.trial.count({ where: { sweepId: { in: sweepIds }, status: { in: [...OPEN_TRIAL_STATUSES] } } }).catch(() => -1);
      if (open === 0) break;
      if (Date.now() > deadline) {
        violations.push(`${open} trials still open ${graceMs / 1000} s after the chaos ended`);
        break;
      }
      await sleep(500);
    }
    stopping = true;
    clearInterval(scaling);
    await fleet.stopAll();
    violations.push(...fleet.crashes.map((c) => `worker crash: ${c}`));

    // -- the audit and the figures
    const audit = await auditSoak(prisma, audited);
    violations.unshift(...audit.violations);
    const recoveries = await recoveryTimes(prisma, sweepIds, injected);
    for (const r of recoveries) if (r.recoveryMs === null) violations.push(`after ${r.fault.kind} at ${new Date(r.fault.startedAt).toISOString()} a held trial never moved on`);
    const lastFinish = await prisma.trial.aggregate({ where: { sweepId: { in: sweepIds } }, _max: { finishedAt: true } });
    const seconds = ((lastFinish._max.finishedAt?.getTime() ?? Date.now()) - submittedAt) / 1000;
    const count = (kind: Fault["kind"]) => injected.filter((f) => f.kind === kind).length;
    const worst = recoveries.reduce<FaultRecovery | undefined>((w, r) => (r.recoveryMs !== null && (!w || r.recoveryMs > w.recoveryMs!) ? r : w), undefined);
    const partition = recoveries.find((r) => r.fault.kind === "partition-worker");
    const kills = recoveries.filter((r) => r.fault.kind === "kill-worker" && r.takeoverMs !== null);
    const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? "none" : (ms / 1000).toFixed(1));
    const figures: Array<[string, string | number]> = [
      ["trials", audit.trials],
      ["completed", audit.completed],
      ["diverged", audit.diverged],
      ["lost", audit.lost],
      ["duplicated", audit.duplicated],
      ["stuck", audit.stuck],
      ["table_mismatches", audit.tableMismatches],
      ["worker_crashes", fleet.crashes.length],
      ["attempts_failed", audit.attempts.FAILED ?? 0],
      ["attempts_stalled", audit.attempts.STALLED ?? 0],
      ["attempts_interrupted", audit.attempts.INTERRUPTED ?? 0],
      ["seconds", seconds.toFixed(1)],
      ["trials_per_s", (audit.completed / seconds).toFixed(2)],
      ["faults", injected.length],
      ["kills", count("kill-worker")],
      ["drains", count("drain-worker")],
      ["redis_restarts", count("restart-redis")],
      ["postgres_restarts", count("restart-postgres")],
      ["partitions", count("partition-worker")],
      ["disk_fills", count("fill-checkpoints")],
      ["worst_recovery_s", s(worst?.recoveryMs)],
      ["worst_recovery_fault", worst?.fault.kind ?? "none"],
      ["kill_takeover_max_s", s(kills.length > 0 ? Math.max(...kills.map((k) => k.takeoverMs!)) : null)],
      ["partition_s", s(partition ? partition.fault.endedAt - partition.fault.startedAt : null)],
      ["partition_takeover_s", s(partition?.takeoverMs)],
      ["partition_comeback_s", s(partition?.comebackMs)],
      ["workers", options.workers],
      ["concurrency", options.concurrency],
      ["seed", options.seed],
      ["load1", loadavg()[0]!.toFixed(1)],
      ["violations", violations.length],
    ];
    const line = `soak: ${figures.map(([k, v]) => `${k}=${v}`).join(" ")}`;
    for (const r of recoveries) {
      say(`recovery ${r.fault.kind}${r.fault.worker ? ` ${r.fault.worker}` : ""} held=${r.fault.held.length} recovery_s=${s(r.recoveryMs)} takeover_s=${s(r.takeoverMs)}${r.fault.kind === "partition-worker" ? ` comeback_s=${s(r.comebackMs)}` : ""}${r.fault.note ? ` (${r.fault.note})` : ""}`);
    }
    for (const v of violations) say(`VIOLATION ${v}`);
    say(line);
    return { line, audit, recoveries, violations, logFile };
  } finally {
    if (scaling) clearInterval(scaling);
    fleet.killAll();
    controller.close();
    process.removeListener("SIGINT", onSignal);
    await queue.queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    if (!options.keep) {
      volume.dispose();
      await stack.dispose();
    } else say(`kept: state ${stack.stateDir} (stop it with GEMSWEEP_STATE_DIR=${stack.stateDir} GEMSWEEP_REDIS_PORT=${stack.redisPort} GEMSWEEP_PG_PORT=${stack.postgresPort} gemsweep services down)`);
    await new Promise((r) => log.end(r));
  }
}
