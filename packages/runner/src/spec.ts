import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const Binding = z.object({ name: z.string().default('default'), port: z.number().int() });

/**
 * A link on the dashboard, e.g. `{ label: API docs, url: 'http://127.0.0.1:${port}/api/docs' }`,
 * with an optional note shown beside it (what the page lacks, and why).
 */
const DashboardLink = z.object({ label: z.string(), url: z.string(), note: z.string().optional() });

const Health = z.union([z.object({ http: z.string() }), z.object({ tcp: z.literal(true) })]);

const Service = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** A binary from the toolchain, or a command line run from the repo root. */
  tool: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  bindings: z.array(Binding).default([]),
  health: Health.optional(),
  /** Profiles this service belongs to; absent means every profile. */
  profiles: z.array(z.string()).optional(),
  dependsOn: z.array(z.string()).default([]),
  /** Use a server already listening on the default port instead of starting one. */
  reuse: z.boolean().default(false),
  /** Never started by us: it must already be running (the redis profile). */
  external: z.boolean().default(false),
  /** Skipped when this env var is set (e.g. stripe-mock when STRIPE_SECRET_KEY is given). */
  unlessEnv: z.string().optional(),
  /** Directories made before start (a server that will not create its own data dir). */
  dirs: z.array(z.string()).default([]),
  /** Started only when a caller names it (test fixtures). */
  optional: z.boolean().default(false),
  jetstream: z.object({ stream: z.string(), subjects: z.array(z.string()) }).optional(),
  /** Started only when the run has mTLS (sentry itself). */
  mtlsOnly: z.boolean().default(false),
  /** Added to `args` when the run has mTLS (placement's and scheduler's TLS flags). */
  mtlsArgs: z.array(z.string()).default([]),
  /** Links the dashboard shows while this service is part of the run. */
  dashboard: z
    .union([DashboardLink, z.array(DashboardLink)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .default([]),
  dapr: z
    .object({
      appId: z.string(),
      httpPort: z.number().int(),
      grpcPort: z.number().int(),
      actors: z.boolean().default(false),
      /** The sidecar's Dapr Configuration under mTLS (its accessControl); default dapr.config. */
      config: z.string().optional(),
      /**
       * How many calls the sidecar hands its app at a time (`--app-max-concurrency`; the reason
       * is in daprd-args.ts). dapr/dapr.yaml, docker-compose.yml and the k8s annotations say the
       * same, held to it by their tests.
       */
      maxConcurrency: z.number().int().positive().default(128),
    })
    .optional(),
});
export type ServiceSpec = z.infer<typeof Service>;
export type DashboardLink = z.infer<typeof DashboardLink>;

const Profile = z.object({
  components: z.string(),
  description: z.string().default(''),
  default: z.boolean().default(false),
});

const Secret = z.object({
  /** An environment variable that, when set, gives the value instead. */
  env: z.string().optional(),
  bytes: z.number().int().min(16).default(32),
  prefix: z.string().default(''),
  /** Kept in the data dir across runs rather than made anew for each. */
  persist: z.boolean().default(false),
});

export const StackSpec = z.object({
  name: z.string(),
  /** Secrets made for a run, as `${secrets.NAME}`. */
  secrets: z.record(z.string(), Secret).default({}),
  dapr: z.object({
    /** The sidecars' Configuration without mTLS, and the base of each app's own. */
    config: z.string(),
    resources: z.array(z.string()).default([]),
    logLevel: z.string().default('warn'),
    placement: z.string(),
    scheduler: z.string(),
    /** The certificate authority of a run with mTLS; without it, no run has mTLS. */
    sentry: z.string().optional(),
    /** Services every sidecar needs (those in the active profile): the brokers. */
    needs: z.array(z.string()).default([]),
    /** Environment of every sidecar, read by components through `envRef`. */
    env: z.record(z.string(), z.string()).default({}),
    /** Environment of every app that has a sidecar. */
    appEnv: z.record(z.string(), z.string()).default({}),
  }),
  profiles: z.record(z.string(), Profile),
  services: z.array(Service),
});
export type StackSpec = z.infer<typeof StackSpec>;

export function loadSpec(file: string): StackSpec {
  const spec = StackSpec.parse(parse(readFileSync(file, 'utf8')));
  const names = new Set(spec.services.map((s) => s.name));
  for (const s of spec.services) {
    for (const d of s.dependsOn) {
      if (!names.has(d))
        throw new Error(`${path.basename(file)}: ${s.name} depends on unknown ${d}`);
    }
  }
  return spec;
}

export function defaultProfile(spec: StackSpec): string {
  const entry = Object.entries(spec.profiles).find(([, p]) => p.default);
  if (!entry) throw new Error('tye.yaml: no profile is marked default');
  return entry[0];
}

/** Services of a profile, in dependency order (each after everything it depends on). */
export function orderedServices(spec: StackSpec, profile: string): ServiceSpec[] {
  const active = spec.services.filter((s) => !s.profiles || s.profiles.includes(profile));
  const byName = new Map(active.map((s) => [s.name, s]));
  const done = new Set<string>();
  const out: ServiceSpec[] = [];
  const visit = (s: ServiceSpec, trail: string[]) => {
    if (done.has(s.name)) return;
    if (trail.includes(s.name))
      throw new Error(`dependency cycle: ${[...trail, s.name].join(' -> ')}`);
    for (const d of s.dependsOn) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...trail, s.name]);
    }
    done.add(s.name);
    out.push(s);
  };
  for (const s of active) visit(s, []);
  return out;
}
