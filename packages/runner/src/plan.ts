import { tcpOpen } from './health';
import { freePort } from './ports';
import { orderedServices, type ServiceSpec, type StackSpec } from './spec';

/** What a run decides before it starts anything: which services, on which ports. */
export interface DaprInfo {
  appId: string;
  httpPort: number;
  grpcPort: number;
  /** Where other sidecars call this one (mTLS when the run has it); chosen by the runner. */
  internalGrpcPort: number;
}

export interface PlannedService {
  spec: ServiceSpec;
  ports: Record<string, number>;
  port: number;
  reused: boolean;
  dapr?: DaprInfo;
}

/**
 * What a sidecar cannot start without: placement, scheduler, the profile's broker and, with
 * mTLS, sentry.
 */
export function sidecarNeeds(spec: StackSpec, mtls: boolean): string[] {
  const { placement, scheduler, sentry, needs } = spec.dapr;
  return [placement, scheduler, ...(mtls && sentry ? [sentry] : []), ...needs];
}

/** Whether a run has mTLS: asked for (the default) and tye.yaml names a sentry. */
export function hasMtls(spec: StackSpec, wanted: boolean | undefined): boolean {
  return (wanted ?? true) && spec.dapr.sentry !== undefined;
}

/**
 * The profile's services in dependency order: optional ones only when named, mTLS-only ones
 * only with mTLS; with `only`, just those and what they need (a sidecar's needs included);
 * minus those an env var switches off.
 */
export function selectServices(
  spec: StackSpec,
  profile: string,
  opts: { only?: string[]; include?: string[]; mtls: boolean },
): ServiceSpec[] {
  const named = new Set([...(opts.only ?? []), ...(opts.include ?? [])]);
  let list = orderedServices(spec, profile).filter(
    (s) => (!s.optional || named.has(s.name)) && (!s.mtlsOnly || opts.mtls),
  );
  if (opts.only) {
    const want = new Set<string>();
    const byName = new Map(list.map((s) => [s.name, s]));
    const add = (n: string) => {
      const s = byName.get(n);
      if (!s || want.has(n)) return;
      want.add(n);
      s.dependsOn.forEach(add);
    };
    [...opts.only, ...(opts.include ?? [])].forEach(add);
    for (const core of sidecarNeeds(spec, opts.mtls)) {
      if ([...want].some((n) => byName.get(n)?.dapr)) add(core);
    }
    list = list.filter((s) => want.has(s.name));
  }
  return list.filter((s) => !(s.unlessEnv && process.env[s.unlessEnv]));
}

/** Ports for each service: tye.yaml's (`fixed`, npm start) or the kernel's (`free`, tests). */
export async function allocatePorts(
  list: ServiceSpec[],
  mode: 'fixed' | 'free',
): Promise<PlannedService[]> {
  const planned: PlannedService[] = [];
  for (const spec of list) {
    const ports: Record<string, number> = {};
    for (const b of spec.bindings) {
      const fixed = mode === 'fixed' || spec.external;
      ports[b.name] = fixed ? b.port : await freePort();
    }
    const port = ports.default ?? Object.values(ports)[0] ?? 0;
    const reused = Boolean(spec.reuse && mode === 'fixed' && port && (await tcpOpen(port)));
    const dapr = spec.dapr && {
      appId: spec.dapr.appId,
      httpPort: mode === 'fixed' ? spec.dapr.httpPort : await freePort(),
      grpcPort: mode === 'fixed' ? spec.dapr.grpcPort : await freePort(),
      internalGrpcPort: await freePort(),
    };
    planned.push({ spec, ports, port, reused, dapr });
  }
  return planned;
}
