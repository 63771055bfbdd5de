import { TRIAL_QUEUE } from "@gemsweep/contracts";
// docker/k8s: every object validated offline against the Kubernetes OpenAPI schemas (npm
// `kubernetes-models`) and KEDA's CRD schemas (`@kubernetes-models/keda`), then cross-checked:
// references resolve, the GPU worker asks for a GPU and has time to drain, KEDA reads the BullMQ
// list the workers consume.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliRequire, isRecord, K8S_DIR, k8sFiles, loadYaml, loadYamlDocuments, parseDockerfile, read, ROOT } from "./deploy-files.js";

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by the schema first
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};
type Model = new (data: unknown) => { validate(): void };

// apiVersion/kind -> model class (each validates against its JSON schema)
function models(): Record<string, Model> {
  const core = cliRequire("kubernetes-models/v1") as Record<string, Model>;
  const apps = cliRequire("kubernetes-models/apps/v1") as Record<string, Model>;
  const batch = cliRequire("kubernetes-models/batch/v1") as Record<string, Model>;
  const keda = cliRequire("@kubernetes-models/keda/keda.sh/v1alpha1") as Record<string, Model>;
  return {
    "v1/Namespace": core["Namespace"]!,
    "v1/ConfigMap": core["ConfigMap"]!,
    "v1/Secret": core["Secret"]!,
    "v1/Service": core["Service"]!,
    "v1/PersistentVolumeClaim": core["PersistentVolumeClaim"]!,
    "apps/v1/Deployment": apps["Deployment"]!,
    "apps/v1/StatefulSet": apps["StatefulSet"]!,
    "batch/v1/Job": batch["Job"]!,
    "keda.sh/v1alpha1/ScaledObject": keda["ScaledObject"]!,
    "keda.sh/v1alpha1/TriggerAuthentication": keda["TriggerAuthentication"]!,
  };
}

const MODELS = models();
const manifestFiles = k8sFiles().filter((name) => name !== "kustomization.yaml");
const objects: Array<K8sObject & { file: string }> = manifestFiles.flatMap((file) =>
  loadYamlDocuments(path.join(K8S_DIR, file)).map((doc) => ({ ...(doc as K8sObject), file })),
);
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const all = (kind: string) => objects.filter((o) => o.kind === kind);

function validationError(object: unknown): string | undefined {
  if (!isRecord(object)) return "not an object";
  const model = MODELS[`${String(object["apiVersion"])}/${String(object["kind"])}`];
  if (!model) return `no schema for ${String(object["apiVersion"])}/${String(object["kind"])}`;
  try {
    new model(object).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Pod templates of Deployments, StatefulSets and Jobs. */
const podSpecs = () =>
  objects
    .filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind))
    .map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, object: o, pod: o.spec.template.spec, labels: o.spec.template.metadata?.labels ?? {} }));

const containers = () => podSpecs().flatMap(({ owner, pod }) => (pod.containers as any[]).map((c) => ({ owner, pod, container: c }))); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("Kubernetes manifests", () => {
  it("parse and have the expected objects", () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      [
        "ConfigMap/gemsweep-config",
        "Deployment/gemsweep-dashboard",
        "Deployment/gemsweep-worker-cpu",
        "Deployment/gemsweep-worker-gpu",
        "Job/gemsweep-migrate",
        "Namespace/gemsweep",
        "PersistentVolumeClaim/gemsweep-checkpoints",
        "ScaledObject/gemsweep-worker-cpu",
        "ScaledObject/gemsweep-worker-gpu",
        "Secret/gemsweep-secrets",
        "Service/gemsweep-dashboard",
        "Service/gemsweep-postgres",
        "Service/gemsweep-redis",
        "StatefulSet/gemsweep-postgres",
        "StatefulSet/gemsweep-redis",
        "TriggerAuthentication/gemsweep-redis-auth",
      ].sort(),
    );
  });

  it.each(objects.map((o) => [`${o.file}: ${o.kind}/${o.metadata.name}`, o] as const))("%s validates against its schema", (_, object) => {
    expect(validationError(object)).toBeUndefined();
  });

  it("the schemas reject broken objects (the validation is real)", () => {
    const deployment = structuredClone(find("Deployment", "gemsweep-worker-gpu")!);
    deployment.spec.template.spec.containers[0].image = 3;
    expect(validationError(deployment)).toMatch(/image/);
    const noSelector = structuredClone(find("Deployment", "gemsweep-dashboard")!);
    delete noSelector.spec.selector;
    expect(validationError(noSelector)).toMatch(/selector/);
    const scaled = structuredClone(find("ScaledObject", "gemsweep-worker-gpu")!);
    delete scaled.spec.scaleTargetRef.name;
    expect(validationError(scaled)).toMatch(/name/);
    const noTriggers = structuredClone(find("ScaledObject", "gemsweep-worker-gpu")!);
    delete noTriggers.spec.triggers;
    expect(validationError(noTriggers)).toMatch(/triggers/);
    expect(validationError({ apiVersion: "apps/v1", kind: "Deploymnet", metadata: { name: "x" } })).toMatch(/no schema/);
  });

  it("everything lives in the gemsweep namespace", () => {
    for (const o of objects) {
      if (o.kind === "Namespace") expect(o.metadata.name).toBe("gemsweep");
      else expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe("gemsweep");
    }
  });

  it("kustomization.yaml lists every manifest and retags every image built here", () => {
    const kustomization = loadYaml(path.join(K8S_DIR, "kustomization.yaml")) as {
      apiVersion: string;
      kind: string;
      namespace: string;
      resources: string[];
      images: Array<{ name: string; newTag: string }>;
    };
    expect(kustomization.apiVersion).toBe("kustomize.config.k8s.io/v1beta1");
    expect(kustomization.kind).toBe("Kustomization");
    expect(kustomization.namespace).toBe("gemsweep");
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
    const ours = [...new Set(containers().map(({ container }) => String(container.image)).filter((image) => image.startsWith("gemsweep/")))];
    expect(ours.length).toBeGreaterThan(0);
    for (const image of ours) {
      const [name, tag] = image.split(":");
      expect(kustomization.images.find((entry) => entry.name === name)?.newTag, image).toBe(tag);
    }
  });

  it("every Secret / ConfigMap / PVC / TriggerAuthentication reference resolves", () => {
    const secret = find("Secret", "gemsweep-secrets")!;
    const configMap = find("ConfigMap", "gemsweep-config")!;
    const keysOf = (o: K8sObject | undefined) => Object.keys({ ...(o?.data ?? {}), ...(o?.stringData ?? {}) });
    for (const { owner, pod, container } of containers()) {
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef ?? env.valueFrom?.configMapKeyRef;
        if (!ref) continue;
        const target = env.valueFrom.secretKeyRef ? find("Secret", ref.name) : find("ConfigMap", ref.name);
        expect(keysOf(target), `${owner} env ${env.name}`).toContain(ref.key);
      }
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef) expect(find("ConfigMap", from.configMapRef.name), owner).toBeDefined();
        if (from.secretRef) expect(find("Secret", from.secretRef.name), owner).toBeDefined();
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.persistentVolumeClaim) expect(find("PersistentVolumeClaim", volume.persistentVolumeClaim.claimName), owner).toBeDefined();
      }
      const mounted = new Set((pod.volumes ?? []).map((v: { name: string }) => v.name));
      const templates = new Set(podSpecs().find((p) => p.pod === pod)!.object.spec.volumeClaimTemplates?.map((t: K8sObject) => t.metadata.name) ?? []);
      for (const mount of container.volumeMounts ?? []) expect(mounted.has(mount.name) || templates.has(mount.name), `${owner} mount ${mount.name}`).toBe(true);
    }
    for (const scaled of all("ScaledObject")) {
      for (const trigger of scaled.spec.triggers) {
        if (trigger.authenticationRef) expect(find("TriggerAuthentication", trigger.authenticationRef.name), scaled.metadata.name).toBeDefined();
      }
    }
    for (const auth of all("TriggerAuthentication")) {
      for (const ref of auth.spec.secretTargetRef) expect(keysOf(find("Secret", ref.name))).toContain(ref.key);
    }
    expect(keysOf(secret)).toEqual(expect.arrayContaining(["REDIS_URL", "DATABASE_URL", "GEMSWEEP_API_TOKEN"]));
    expect(keysOf(configMap)).toEqual(expect.arrayContaining(["GEMSWEEP_QUEUE", "GEMSWEEP_CHECKPOINT_DIR"]));
  });

  it("the Secret's URLs match the in-cluster services and passwords", () => {
    const s = find("Secret", "gemsweep-secrets")!.stringData!;
    const redis = new URL(s["REDIS_URL"]!);
    expect(decodeURIComponent(redis.password)).toBe(s["REDIS_PASSWORD"]);
    expect(`${redis.hostname}:${redis.port}`).toBe(`gemsweep-redis.gemsweep.svc.cluster.local:${find("Service", "gemsweep-redis")!.spec.ports[0].port}`);
    const pg = new URL(s["DATABASE_URL"]!);
    expect(decodeURIComponent(pg.password)).toBe(s["POSTGRES_PASSWORD"]);
    expect(`${pg.hostname}:${pg.port}`).toBe(`gemsweep-postgres.gemsweep.svc.cluster.local:${find("Service", "gemsweep-postgres")!.spec.ports[0].port}`);
  });

  it("every Service selects the pods of one workload", () => {
    for (const service of all("Service")) {
      const selector = service.spec.selector as Record<string, string>;
      const matches = podSpecs().filter(({ labels }) => Object.entries(selector).every(([k, v]) => labels[k] === v));
      expect(matches.map((m) => m.owner), service.metadata.name).toHaveLength(1);
      const ports = matches[0]!.pod.containers.flatMap((c: { ports?: Array<{ name: string; containerPort: number }> }) => c.ports ?? []);
      for (const port of service.spec.ports) {
        const target = port.targetPort;
        expect(ports.some((p: { name: string; containerPort: number }) => p.name === target || p.containerPort === target), `${service.metadata.name} -> ${target}`).toBe(true);
      }
    }
    for (const { object, labels } of podSpecs()) {
      // a workload's selector must match its own template
      const selector = object.spec.selector?.matchLabels as Record<string, string> | undefined;
      if (selector) for (const [k, v] of Object.entries(selector)) expect(labels[k], object.metadata.name).toBe(v);
    }
  });

  it("the dashboard is probed on /api/health and listens on 0.0.0.0", () => {
    const pod = find("Deployment", "gemsweep-dashboard")!.spec.template.spec;
    const c = pod.containers[0];
    expect(c.readinessProbe.httpGet.path).toBe("/api/health");
    expect(c.livenessProbe.httpGet.path).toBe("/api/health");
    // the image's standalone server listens on its HOSTNAME and PORT (docker/Dockerfile.dashboard)
    expect(c.args).toEqual(["apps/dashboard/server.js"]);
    const image = parseDockerfile("Dockerfile.dashboard").env;
    expect(image["HOSTNAME"]).toBe("0.0.0.0");
    expect(c.ports[0].containerPort).toBe(Number(image["PORT"]));
  });

  it("the GPU worker asks for one NVIDIA GPU, tolerates GPU taints, and has time to drain on SIGTERM", () => {
    const pod = find("Deployment", "gemsweep-worker-gpu")!.spec.template.spec;
    expect(pod.containers[0].resources.limits["nvidia.com/gpu"]).toBe(1);
    expect(pod.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" });
    const drainSeconds = workerDrainTimeoutMs() / 1000;
    for (const name of ["gemsweep-worker-gpu", "gemsweep-worker-cpu"]) {
      const spec = find("Deployment", name)!.spec.template.spec;
      expect(spec.terminationGracePeriodSeconds, name).toBeGreaterThanOrEqual(drainSeconds + 30);
      expect(spec.containers[0].lifecycle?.preStop, name).toBeUndefined(); // SIGTERM itself drains
    }
    expect(find("Deployment", "gemsweep-worker-cpu")!.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]).toBeUndefined();
  });

  it("every worker mounts the shared ReadWriteMany checkpoint volume where GEMSWEEP_CHECKPOINT_DIR points", () => {
    const dir = find("ConfigMap", "gemsweep-config")!.data!["GEMSWEEP_CHECKPOINT_DIR"];
    expect(find("PersistentVolumeClaim", "gemsweep-checkpoints")!.spec.accessModes).toEqual(["ReadWriteMany"]);
    for (const name of ["gemsweep-worker-gpu", "gemsweep-worker-cpu"]) {
      const pod = find("Deployment", name)!.spec.template.spec;
      const volume = pod.volumes.find((v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName === "gemsweep-checkpoints");
      expect(volume, name).toBeDefined();
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: dir });
      expect(pod.securityContext.fsGroup, name).toBe(1000);
    }
  });

  it("Redis keeps the queue: AOF on, noeviction", () => {
    const args = find("StatefulSet", "gemsweep-redis")!.spec.template.spec.containers[0].args.join(" ");
    expect(args).toMatch(/--appendonly yes/);
    expect(args).toMatch(/--maxmemory-policy noeviction/);
  });
});

describe("KEDA autoscaling on queue depth", () => {
  const queue = find("ConfigMap", "gemsweep-config")!.data!["GEMSWEEP_QUEUE"]!;

  it("the queue name is the workers' default", () => {
    expect(queue).toBe(TRIAL_QUEUE);
  });

  it.each(all("ScaledObject").map((o) => [o.metadata.name, o] as const))("%s scales a worker Deployment on the BullMQ wait list", (_, scaled) => {
    const spec = scaled.spec;
    const target = find("Deployment", spec.scaleTargetRef.name);
    expect(target, spec.scaleTargetRef.name).toBeDefined();
    expect(spec.scaleTargetRef.kind ?? "Deployment").toBe("Deployment");
    expect(target!.metadata.labels?.["app.kubernetes.io/component"]).toBe("worker");
    expect(spec.minReplicaCount).toBeGreaterThanOrEqual(0);
    expect(spec.maxReplicaCount).toBeGreaterThanOrEqual(Math.max(1, spec.minReplicaCount));
    const redisHost = `gemsweep-redis.gemsweep.svc.cluster.local:${find("Service", "gemsweep-redis")!.spec.ports[0].port}`;
    for (const trigger of spec.triggers) {
      // KEDA's redis (lists) scaler: address + listName + listLength (strings in the CRD)
      expect(trigger.type).toBe("redis");
      expect(trigger.metadata.address).toBe(redisHost);
      expect(trigger.metadata.listName).toMatch(new RegExp(`^bull:${queue}:(wait|active)$`));
      expect(trigger.metadata.listLength).toMatch(/^[1-9]\d*$/);
      if (trigger.metadata.activationListLength !== undefined) expect(trigger.metadata.activationListLength).toMatch(/^\d+$/);
    }
    // the waiting trials drive it, and one replica takes listLength of them = its --concurrency
    const wait = spec.triggers.find((t: { metadata: { listName: string } }) => t.metadata.listName === `bull:${queue}:wait`);
    expect(wait).toBeDefined();
    const args: string[] = target!.spec.template.spec.containers[0].args;
    expect(Number(wait.metadata.listLength)).toBe(Number(args[args.indexOf("--concurrency") + 1]));
    // KEDA owns the replica count
    expect(target!.spec.replicas).toBe(0);
  });

  it("the GPU ScaledObject keeps enough workers for the trials already running", () => {
    const triggers = find("ScaledObject", "gemsweep-worker-gpu")!.spec.triggers as Array<{ metadata: Record<string, string> }>;
    expect(triggers.map((t) => t.metadata["listName"]).sort()).toEqual([`bull:${queue}:active`, `bull:${queue}:wait`]);
  });

  it("BullMQ really keeps waiting and running jobs in the lists KEDA reads", () => {
    // the installed bullmq's own key list and the scripts' list commands on those keys
    const keysFile = path.join(path.dirname(cliRequire.resolve("bullmq/package.json", { paths: [path.join(ROOT, "apps/worker")] })), "dist/cjs/classes/queue-keys.js");
    const keys = readFileSync(keysFile, "utf8");
    expect(keys).toMatch(/'wait'/);
    expect(keys).toMatch(/'active'/);
    expect(keys).toMatch(/prefix = 'bull'/);
  });
});

/** The worker's default drain timeout, read from its settings schema (no worker import: it loads tfjs). */
function workerDrainTimeoutMs(): number {
  const m = /drainTimeoutMs:\s*z\.int\(\)[^\n]*?\.default\(([\d_]+)\)/.exec(read("apps/worker/src/worker-settings.ts"));
  if (!m) throw new Error("drainTimeoutMs default not found in apps/worker/src/worker-settings.ts");
  return Number(m[1]!.replace(/_/g, ""));
}
