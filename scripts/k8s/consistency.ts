/**
 * Checks that rendered k8s manifests agree with themselves and with tye.yaml: the ports a
 * sidecar, its app, the probes and the Services use; app ids; the apps that Dapr components,
 * resiliency targets and access policies name; the Secret and ConfigMap keys that env vars
 * and components read; and the in-cluster trace collector the Dapr Configurations name. Returns one line per problem (none: consistent).
 */
import { parseAllDocuments } from 'yaml';
import type { StackSpec } from '@ticketing/runner';

export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  [key: string]: unknown;
}

interface Port {
  name?: string;
  containerPort?: number;
}
interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
}
interface Probe {
  httpGet?: { port?: number | string };
  tcpSocket?: { port?: number | string };
}
interface Container {
  name: string;
  ports?: Port[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    containers?: Container[];
    initContainers?: Container[];
    automountServiceAccountToken?: boolean;
  };
}
interface MetadataItem {
  name: string;
  secretKeyRef?: KeyRef;
}

/** Parses a multi-document YAML stream (kubectl kustomize output) into objects. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`bad YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => !!o && typeof o === 'object');
}

/** The Dapr apps tye.yaml runs (not test fixtures): app id → app port. */
export function tyeApps(spec: StackSpec): Map<string, number> {
  const apps = new Map<string, number>();
  for (const svc of spec.services) {
    if (!svc.dapr || svc.optional) continue;
    const port = svc.bindings.find((b) => b.name === 'default')?.port;
    if (port !== undefined) apps.set(svc.dapr.appId, port);
  }
  return apps;
}

const name = (o: K8sObject) => `${o.kind}/${o.metadata?.name ?? '?'}`;
const podTemplate = (o: K8sObject) => (o.spec as { template?: PodTemplate } | undefined)?.template;

export function checkManifests(objects: K8sObject[], tye: StackSpec): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const expected = tyeApps(tye);
  const limits = new Map(
    tye.services.flatMap((svc) => (svc.dapr ? [[svc.dapr.appId, svc.dapr.maxConcurrency]] : [])),
  );

  // Secrets and ConfigMaps rendered here (an overlay without them expects them in the cluster).
  const keysOf = (kind: string) =>
    new Map(
      byKind(kind).map((o) => [
        o.metadata?.name ?? '',
        new Set([
          ...Object.keys((o.data as object) ?? {}),
          ...Object.keys((o.stringData as object) ?? {}),
        ]),
      ]),
    );
  const secrets = keysOf('Secret');
  const configMaps = keysOf('ConfigMap');
  const checkRef = (
    where: string,
    kind: string,
    ref: KeyRef | undefined,
    known: typeof secrets,
  ) => {
    if (!ref?.name || !known.has(ref.name) || ref.optional) return;
    if (!ref.key || !known.get(ref.name)!.has(ref.key)) {
      problems.push(
        `${where} reads key "${ref.key}" of ${kind} ${ref.name}, which has no such key`,
      );
    }
  };

  // --- Deployments with a sidecar -------------------------------------------------------
  const appIds = new Set<string>();
  const workloads = objects.filter((o) => podTemplate(o) && o.kind !== 'CronJob');
  for (const d of workloads) {
    const tpl = podTemplate(d)!;
    const containers = [...(tpl.spec?.containers ?? []), ...(tpl.spec?.initContainers ?? [])];
    for (const c of containers) {
      for (const env of c.env ?? []) {
        const where = `${name(d)} container ${c.name} env ${env.name}`;
        checkRef(where, 'Secret', env.valueFrom?.secretKeyRef, secrets);
        checkRef(where, 'ConfigMap', env.valueFrom?.configMapKeyRef, configMaps);
      }
    }
    const ann = tpl.metadata?.annotations ?? {};
    if (ann['dapr.io/enabled'] !== 'true') continue;
    const id = ann['dapr.io/app-id'];
    if (!id) {
      problems.push(`${name(d)} enables Dapr without dapr.io/app-id`);
      continue;
    }
    appIds.add(id);
    if (!expected.has(id))
      problems.push(`${name(d)} has app id "${id}", which tye.yaml does not run`);
    // daprd's built-in Kubernetes secret store reads the pod's service-account token and stops
    // daprd at start-up without one (found on the CI node's cluster).
    if (
      tpl.spec?.automountServiceAccountToken === false &&
      ann['dapr.io/disable-builtin-k8s-secret-store'] !== 'true'
    ) {
      problems.push(
        `${name(d)} mounts no service-account token but keeps daprd's built-in Kubernetes secret store (dapr.io/disable-builtin-k8s-secret-store)`,
      );
    }
    const limit = limits.get(id);
    const annotated = ann['dapr.io/app-max-concurrency'];
    if (limit !== undefined && annotated !== String(limit)) {
      problems.push(
        `${name(d)} dapr.io/app-max-concurrency ${annotated ?? 'unset'} differs from tye.yaml's ${limit}`,
      );
    }
    const appPort = Number(ann['dapr.io/app-port']);
    if (!Number.isInteger(appPort)) {
      problems.push(`${name(d)} has no numeric dapr.io/app-port`);
      continue;
    }
    if (expected.has(id) && expected.get(id) !== appPort) {
      problems.push(`${name(d)} app-port ${appPort} differs from tye.yaml's ${expected.get(id)}`);
    }
    const app = tpl.spec?.containers?.[0];
    if (!app) continue;
    const ports = app.ports ?? [];
    if (!ports.some((p) => p.containerPort === appPort)) {
      const listed = ports.map((p) => p.containerPort).join(', ') || 'none';
      problems.push(`${name(d)} app-port ${appPort} differs from its container port (${listed})`);
    }
    const listen = app.env?.find((e) => e.name === 'APP_PORT')?.value;
    if (listen !== undefined && Number(listen) !== appPort) {
      problems.push(`${name(d)} app-port ${appPort} differs from its APP_PORT ${listen}`);
    }
    for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const probe = app[kind];
      const raw = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
      if (raw === undefined) continue;
      const port = typeof raw === 'number' ? raw : ports.find((p) => p.name === raw)?.containerPort;
      if (port !== appPort) {
        problems.push(`${name(d)} ${kind} port ${String(raw)} differs from app-port ${appPort}`);
      }
    }
    // The app must present the token its sidecar expects, and check the one it sends.
    for (const [annotation, envName] of [
      ['dapr.io/api-token-secret', 'DAPR_API_TOKEN'],
      ['dapr.io/app-token-secret', 'APP_API_TOKEN'],
    ] as const) {
      const secret = ann[annotation];
      const env = app.env?.find((e) => e.name === envName)?.valueFrom?.secretKeyRef;
      if (secret && (env?.name !== secret || env.key !== 'token')) {
        problems.push(`${name(d)} ${envName} does not read key "token" of ${annotation} ${secret}`);
      }
      if (!secret && env) problems.push(`${name(d)} reads ${envName} but sets no ${annotation}`);
    }
    const config = ann['dapr.io/config'];
    if (config && !objects.some((o) => o.kind === 'Configuration' && o.metadata?.name === config)) {
      problems.push(`${name(d)} uses Dapr configuration "${config}", which is not defined`);
    }
  }
  for (const id of expected.keys()) {
    if (!appIds.has(id)) problems.push(`tye.yaml runs app "${id}", which has no Deployment`);
  }

  // --- Services point at a port their pods expose ------------------------------------------
  for (const svc of byKind('Service')) {
    const spec = svc.spec as { selector?: Record<string, string>; ports?: Port[] } | undefined;
    const selector = Object.entries(spec?.selector ?? {});
    if (selector.length === 0) continue;
    const pods = workloads.filter((w) =>
      selector.every(([k, v]) => podTemplate(w)?.metadata?.labels?.[k] === v),
    );
    if (pods.length === 0) {
      problems.push(`${name(svc)} selects no pods`);
      continue;
    }
    const exposed = pods.flatMap((w) =>
      (podTemplate(w)?.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
    );
    for (const p of (spec?.ports ?? []) as { targetPort?: number | string; port?: number }[]) {
      const target = p.targetPort ?? p.port;
      const ok = exposed.some((e) =>
        typeof target === 'number' ? e.containerPort === target : e.name === target,
      );
      if (!ok) problems.push(`${name(svc)} targets port ${String(target)}, which its pods lack`);
    }
  }

  // --- The JetStream stream is the one tye.yaml makes, with the same subjects -------------
  const stream = tye.services.find((s) => s.jetstream)?.jetstream;
  if (stream) {
    for (const w of workloads) {
      for (const c of podTemplate(w)?.spec?.containers ?? []) {
        const env = (n: string) => c.env?.find((e) => e.name === n)?.value;
        const subjects = env('JETSTREAM_SUBJECTS');
        if (subjects === undefined) continue;
        if (env('JETSTREAM_STREAM') !== stream.stream) {
          problems.push(
            `${name(w)} makes stream ${env('JETSTREAM_STREAM')}, not tye.yaml's ${stream.stream}`,
          );
        }
        const given = subjects
          .split(',')
          .map((s) => s.trim())
          .sort()
          .join(',');
        if (given !== [...stream.subjects].sort().join(',')) {
          problems.push(`${name(w)} stream subjects ${subjects} differ from tye.yaml's`);
        }
      }
    }
    for (const c of byKind('Component')) {
      const spec = c.spec as { type?: string; metadata?: { name: string; value?: string }[] };
      if (spec?.type !== 'pubsub.jetstream') continue;
      const streamName = spec.metadata?.find((m) => m.name === 'streamName')?.value;
      if (streamName !== stream.stream) {
        problems.push(`${name(c)} binds to stream ${streamName}, not tye.yaml's ${stream.stream}`);
      }
    }
  }

  // --- Traces go to a collector that exists: one named without a domain is a Service here ----
  for (const cfg of byKind('Configuration')) {
    const otel = (cfg.spec as { tracing?: { otel?: { endpointAddress?: string } } } | undefined)
      ?.tracing?.otel;
    const address = otel?.endpointAddress;
    if (!address) continue;
    const [host = '', port] = address.split(':');
    // In another namespace or outside the cluster (prod's collector): not rendered here.
    if (host.includes('.')) continue;
    const svc = byKind('Service').find((o) => o.metadata?.name === host);
    const ports = ((svc?.spec as { ports?: { port?: number }[] } | undefined)?.ports ?? []).map(
      (p) => p.port,
    );
    if (!svc) {
      problems.push(`${name(cfg)} sends traces to ${address}, but there is no Service ${host}`);
    } else if (!ports.includes(Number(port))) {
      problems.push(
        `${name(cfg)} sends traces to ${address}, but Service/${host} has no port ${port}`,
      );
    }
  }

  // --- Dapr resources name only apps that exist ---------------------------------------------
  const scoped = (o: K8sObject, what: string, ids: unknown) => {
    for (const id of (ids as string[] | undefined) ?? []) {
      if (!appIds.has(id))
        problems.push(`${name(o)} ${what} names app "${id}", which does not exist`);
    }
  };
  for (const c of byKind('Component')) {
    scoped(c, 'scopes', c.scopes);
    const meta = ((c.spec as { metadata?: MetadataItem[] } | undefined)?.metadata ??
      []) as MetadataItem[];
    for (const m of meta)
      checkRef(`${name(c)} metadata ${m.name}`, 'Secret', m.secretKeyRef, secrets);
  }
  for (const r of byKind('Resiliency')) {
    scoped(r, 'scopes', r.scopes);
    const targets = (r.spec as { targets?: { apps?: object } } | undefined)?.targets;
    scoped(r, 'targets', Object.keys(targets?.apps ?? {}));
  }
  for (const cfg of byKind('Configuration')) {
    const acl = (cfg.spec as { accessControl?: { policies?: { appId: string }[] } } | undefined)
      ?.accessControl;
    scoped(
      cfg,
      'accessControl',
      (acl?.policies ?? []).map((p) => p.appId),
    );
  }
  return problems;
}
