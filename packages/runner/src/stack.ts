import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toolPath, type ToolName } from '@ticketing/toolchain';
import { daprdArgs, writeSidecarConfig } from './daprd-args';
import { tcpOpen, waitHealthy } from './health';
import { interpolate } from './interpolate';
import { ensureStreamWithin } from './jetstream';
import { retireExpiringCa, sentryDir, trustAnchors } from './mtls';
import { allocatePorts, hasMtls, selectServices, sidecarNeeds, type PlannedService } from './plan';
import { ManagedProcess, namePrefix, type ExitInfo } from './process';
import type { RestartPolicyOptions } from './restart-policy';
import { resolveSecrets } from './secrets';
import { LogTail, type ServiceStatus } from './status';
import { Supervisor } from './supervisor';
import {
  defaultProfile,
  loadSpec,
  type DashboardLink,
  type ServiceSpec,
  type StackSpec,
} from './spec';

export type { DaprInfo } from './plan';

export interface StackOptions {
  /** Repo root holding tye.yaml; found from this file by default. */
  root?: string;
  profile?: string;
  /** `fixed` uses the ports in tye.yaml (npm start); `free` asks the kernel (tests). */
  ports?: 'fixed' | 'free';
  dataDir?: string;
  /** `console` prefixes lines on stdout; `files` writes `<dataDir>/logs/<name>.log`. */
  output?: 'console' | 'files';
  /** Start only these services (and what they depend on). */
  only?: string[];
  /** Optional services (test fixtures) to start as well. */
  include?: string[];
  /** Extra environment for every app. */
  env?: Record<string, string>;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** Restart what crashes (default true); see supervisor.ts. */
  supervise?: boolean;
  restartPolicy?: RestartPolicyOptions;
  /** On the console, each process's raw lines rather than readable ones. */
  json?: boolean;
  /**
   * Sentry, mTLS between sidecars and every app's accessControl (default true); false runs
   * plain gRPC between sidecars with dapr/config.yaml, as compose does.
   */
  mtls?: boolean;
}

/** Launch: starts what the plan chose, each app beside its daprd, and stops it all again. */
export interface RunningService extends PlannedService {
  process?: ManagedProcess;
  sidecar?: ManagedProcess;
}

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export class Stack {
  readonly services = new Map<string, RunningService>();
  readonly daprApiToken = randomBytes(24).toString('hex');
  readonly appApiToken = randomBytes(24).toString('hex');
  /** The secrets tye.yaml declares, made or given for this run. */
  readonly secrets: Record<string, string>;
  readonly profile: string;
  /** Whether sidecars (and placement and scheduler) use sentry's certificates. */
  readonly mtls: boolean;
  private readonly spec: StackSpec;
  private readonly ctx: Record<string, unknown> = {};
  private readonly log: (line: string) => void;
  private readonly statuses = new Map<string, ServiceStatus>();
  private readonly tails = new Map<string, LogTail>();
  private readonly supervisor?: Supervisor;
  readonly startedAt = Date.now();
  /** Set once stop() begins: nothing is restarted after that. */
  stopping = false;

  constructor(
    readonly opts: Required<Pick<StackOptions, 'root' | 'ports' | 'output' | 'timeoutMs'>> &
      StackOptions & { dataDir: string },
  ) {
    this.spec = loadSpec(path.join(opts.root, 'tye.yaml'));
    this.profile = opts.profile ?? process.env.TICKETING_PROFILE ?? defaultProfile(this.spec);
    if (!this.spec.profiles[this.profile]) {
      const known = Object.keys(this.spec.profiles).join(', ');
      throw new Error(`unknown profile "${this.profile}" (known: ${known})`);
    }
    this.mtls = hasMtls(this.spec, opts.mtls);
    this.log = opts.log ?? ((line) => process.stdout.write(line + '\n'));
    this.secrets = resolveSecrets(this.spec, opts.dataDir);
    if (opts.supervise ?? true) {
      const stopping = () => this.stopping;
      this.supervisor = new Supervisor(
        {
          get stopping() {
            return stopping();
          },
          status: (n) => this.status(n),
          dependencies: (n) => this.dependencies(n),
          processes: (n) => this.processesOf(n),
          restartService: (n) => this.launch(n, {}),
          log: (n, line) => this.note(n, line),
        },
        opts.restartPolicy,
      );
    }
  }

  /** The runner's view of a service: state, restarts, last exit. */
  status(name: string): ServiceStatus {
    let st = this.statuses.get(name);
    if (!st) {
      st = { state: 'pending', restarts: 0 };
      this.statuses.set(name, st);
    }
    return st;
  }

  /** The last lines a process (`orders`, `orders-dapr`) printed, and the runner's notes on it. */
  logTail(processName: string): LogTail {
    let tail = this.tails.get(processName);
    if (!tail) {
      tail = new LogTail();
      this.tails.set(processName, tail);
    }
    return tail;
  }

  /** A line from the runner about a service: on the console (or log) and in its tail. */
  private note(name: string, line: string): void {
    this.log(line);
    this.logTail(name).push(line);
  }

  /** What must be up before this service starts: its dependsOn, and a sidecar's needs. */
  dependencies(name: string): string[] {
    const spec = this.service(name).spec;
    const deps = [...spec.dependsOn, ...(spec.dapr ? sidecarNeeds(this.spec, this.mtls) : [])];
    return [...new Set(deps)].filter((d) => this.services.has(d));
  }

  private processesOf(name: string): ManagedProcess[] {
    const s = this.service(name);
    return [s.process, s.sidecar].filter((p): p is ManagedProcess => p !== undefined);
  }

  /** One of tye.yaml's secrets, e.g. to sign test tokens the apps accept. */
  secret(name: string): string {
    const value = this.secrets[name];
    if (value === undefined) throw new Error(`tye.yaml declares no secret "${name}"`);
    return value;
  }

  get componentsDir(): string {
    return path.join(this.opts.root, this.spec.profiles[this.profile]!.components);
  }

  service(name: string): RunningService {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not part of this stack`);
    return s;
  }

  /** The dashboard's links (web origin, API docs, viewers) of the services in this run. */
  links(): DashboardLink[] {
    return [...this.services.values()].flatMap((s) =>
      s.spec.dashboard.map((l) => ({
        label: l.label,
        url: interpolate(l.url, { ...this.ctx, port: s.port, ports: s.ports }),
        ...(l.note ? { note: l.note } : {}),
      })),
    );
  }

  /** Base URL of an app's sidecar, e.g. for `/v1.0/invoke/<app>/method/...`. */
  daprUrl(name: string): string {
    const s = this.service(name);
    if (!s.dapr) throw new Error(`${name} has no sidecar`);
    return `http://127.0.0.1:${s.dapr.httpPort}`;
  }

  appUrl(name: string): string {
    return `http://127.0.0.1:${this.service(name).port}`;
  }

  private async allocate(list: ServiceSpec[]): Promise<void> {
    const servicesCtx: Record<string, unknown> = {};
    for (const planned of await allocatePorts(list, this.opts.ports)) {
      const { spec, port, ports, dapr } = planned;
      this.services.set(spec.name, planned);
      servicesCtx[spec.name] = { port, ports, ...(dapr ?? {}) };
    }
    Object.assign(this.ctx, {
      root: this.opts.root,
      dataDir: this.opts.dataDir,
      services: servicesCtx,
      env: process.env,
      // Separate runs sharing one Redis keep apart by database number.
      redisDb: this.opts.ports === 'fixed' ? '0' : String(1 + Math.floor(Math.random() * 15)),
      secrets: this.secrets,
      // Sentry's credentials; the root is what placement and scheduler trust.
      mtls: {
        dir: sentryDir(this.opts.dataDir),
        trustAnchors: path.join(sentryDir(this.opts.dataDir), 'ca.crt'),
      },
    });
  }

  private resolveCommand(spec: ServiceSpec, port: number, ports: Record<string, number>) {
    const ctx = { ...this.ctx, port, ports };
    const args = [...spec.args, ...(this.mtls ? spec.mtlsArgs : [])].map((a) =>
      interpolate(a, ctx),
    );
    if (spec.tool) return { command: toolPath(spec.tool as ToolName), args };
    const [first, ...rest] = (spec.command ?? []).map((a) => interpolate(a, ctx));
    if (!first) throw new Error(`${spec.name} has neither tool nor command`);
    // `node` is the runner's own Node; `node --import tsx` runs TypeScript without a launcher process.
    if (first === 'node') return { command: process.execPath, args: [...rest, ...args] };
    const local = path.join(this.opts.root, 'node_modules', '.bin', first);
    return { command: existsSync(local) ? local : first, args: [...rest, ...args] };
  }

  private output(name: string) {
    const logs = path.join(this.opts.dataDir, 'logs');
    mkdirSync(logs, { recursive: true });
    return {
      console: this.opts.output === 'console',
      file: path.join(logs, `${name}.log`),
    };
  }

  private readonly prefixes = new Map<string, string>();

  /** Starts one process of service `service`; its exits go to the supervisor. */
  private spawn(
    service: string,
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    if (!this.prefixes.has(name)) this.prefixes.set(name, namePrefix(name));
    const tail = this.logTail(name);
    return new ManagedProcess(name, command, args, {
      cwd: this.opts.root,
      env: { ...process.env, ...env },
      output: { ...this.output(name), json: this.opts.json, onLine: (l) => tail.push(l) },
      prefix: this.prefixes.get(name),
      onExit: (info: ExitInfo) => this.supervisor?.onExit(service, name, info),
    });
  }

  /**
   * Starts one service (and its sidecar) and waits until both are healthy. `env` adds to the
   * app's environment for this start only (tests use it to arm fault hooks).
   */
  async startService(name: string, opts: { env?: Record<string, string> } = {}): Promise<void> {
    this.supervisor?.cancel(name);
    await this.launch(name, opts);
  }

  private async launch(name: string, opts: { env?: Record<string, string> }): Promise<void> {
    const s = this.service(name);
    const { spec, port, ports } = s;
    const st = this.status(name);
    st.state = 'starting';
    st.healthySince = undefined;
    if (s.reused) {
      this.log(`${name}: reusing the server already on port ${port}`);
    } else if (spec.external) {
      if (!(await externalReachable(port))) {
        throw new Error(
          `${name}: profile "${this.profile}" needs ${name} running on 127.0.0.1:${port}, and nothing listens there. ` +
            `Start it (e.g. \`redis-server --port ${port}\`) or use the default profile.`,
        );
      }
    } else {
      for (const dir of spec.dirs)
        mkdirSync(interpolate(dir, { ...this.ctx, port, ports }), { recursive: true });
      if (name === this.spec.dapr.sentry && retireExpiringCa(sentryDir(this.opts.dataDir))) {
        this.note(name, `${name}: its root or issuer expires within 30 days; it makes a new set`);
      }
      const { command, args } = this.resolveCommand(spec, port, ports);
      const env = this.interpolateEnv(spec.env, { ...this.ctx, port, ports });
      if (spec.dapr) Object.assign(env, this.appEnv(s), opts.env);
      s.process = this.spawn(name, name, command, args, env);
      if (spec.dapr) s.sidecar = this.startSidecar(s);
    }
    if (spec.health && !spec.external) {
      const proc = s.process;
      const check =
        'http' in spec.health
          ? {
              http: spec.health.http.startsWith('/')
                ? `http://127.0.0.1:${port}${spec.health.http}`
                : interpolate(spec.health.http, { ...this.ctx, port, ports }),
            }
          : { tcp: port };
      await waitHealthy(name, check, {
        timeoutMs: this.opts.timeoutMs,
        alive: () => !proc || proc.running,
      });
    }
    if (s.sidecar && s.dapr) {
      const sidecar = s.sidecar;
      await waitHealthy(
        `${name}-dapr`,
        { http: `http://127.0.0.1:${s.dapr.httpPort}/v1.0/healthz` },
        {
          timeoutMs: this.opts.timeoutMs,
          alive: () => sidecar.running,
        },
      );
    }
    if (spec.jetstream) {
      await ensureStreamWithin(
        `nats://127.0.0.1:${port}`,
        spec.jetstream.stream,
        spec.jetstream.subjects,
        this.opts.timeoutMs,
      );
    }
    const dead = this.processesOf(name).find((p) => !p.running);
    if (dead) throw new Error(`${dead.name} exited while ${name} was starting`);
    st.state = s.reused ? 'reused' : spec.external ? 'external' : 'healthy';
    st.healthySince = Date.now();
  }

  /**
   * Entries naming something this run does not have (REDIS_HOST under the nats profile, an
   * unset ${env.X}) are left out, so the app's own default applies.
   */
  private interpolateEnv(vars: Record<string, string>, ctx: Record<string, unknown>) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) {
      try {
        env[k] = interpolate(v, ctx);
      } catch {
        continue;
      }
    }
    return env;
  }

  private appEnv(s: RunningService): Record<string, string> {
    return {
      ...this.interpolateEnv(this.spec.dapr.appEnv, this.ctx),
      APP_PORT: String(s.port),
      DAPR_HTTP_PORT: String(s.dapr!.httpPort),
      DAPR_GRPC_PORT: String(s.dapr!.grpcPort),
      APP_API_TOKEN: this.appApiToken,
      DAPR_API_TOKEN: this.daprApiToken,
      PUBSUB_NAME: 'pubsub',
      ...(this.opts.env ?? {}),
    };
  }

  private startSidecar(s: RunningService): ManagedProcess {
    const { dapr: d } = this.spec;
    const info = s.dapr!;
    const placement = this.service(d.placement);
    const scheduler = this.service(d.scheduler);
    const sentry = this.mtls ? this.service(d.sentry!) : undefined;
    // Under mTLS each app's own Configuration says who may call it; without, nobody could.
    const source = (this.mtls && s.spec.dapr?.config) || d.config;
    let configFile = this.sidecarConfigFiles.get(source);
    if (!configFile) {
      configFile = writeSidecarConfig(this.opts.root, source, this.opts.dataDir);
      this.sidecarConfigFiles.set(source, configFile);
    }
    const args = daprdArgs({
      appId: info.appId,
      appPort: s.port,
      httpPort: info.httpPort,
      grpcPort: info.grpcPort,
      internalGrpcPort: info.internalGrpcPort,
      placementPort: placement.port,
      schedulerPort: scheduler.port,
      resourcePaths: [this.componentsDir, ...d.resources.map((r) => path.join(this.opts.root, r))],
      configFile,
      logLevel: d.logLevel,
      health: s.spec.health,
      mtls: sentry && { sentryAddress: `127.0.0.1:${sentry.port}` },
      maxConcurrency: s.spec.dapr!.maxConcurrency,
    });
    const env = this.interpolateEnv(d.env, this.ctx);
    return this.spawn(s.spec.name, `${s.spec.name}-dapr`, toolPath('daprd'), args, {
      ...env,
      DAPR_HOST_IP: '127.0.0.1',
      APP_API_TOKEN: this.appApiToken,
      DAPR_API_TOKEN: this.daprApiToken,
      // Read when the sidecar starts: sentry is healthy by then, so its root exists.
      ...(sentry ? { DAPR_TRUST_ANCHORS: trustAnchors(sentryDir(this.opts.dataDir)) } : {}),
    });
  }

  private readonly sidecarConfigFiles = new Map<string, string>();

  /** Starts everything: each service as soon as all it depends on is healthy. */
  async start(): Promise<void> {
    const list = selectServices(this.spec, this.profile, { ...this.opts, mtls: this.mtls });
    await this.allocate(list);
    const ready = new Map<string, Promise<void>>();
    for (const spec of list) {
      const deps = spec.dependsOn.filter((d) => ready.has(d)).map((d) => ready.get(d)!);
      if (spec.dapr) {
        deps.push(
          ...sidecarNeeds(this.spec, this.mtls)
            .filter((n) => ready.has(n))
            .map((n) => ready.get(n)!),
        );
      }
      ready.set(
        spec.name,
        Promise.all(deps).then(() => this.startService(spec.name)),
      );
    }
    const results = await Promise.allSettled(ready.values());
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
  }

  /** Stops one service: the app first, then its sidecar. `kill` simulates a crash. */
  async stopService(name: string, how: { kill?: boolean; sidecar?: boolean } = {}): Promise<void> {
    this.supervisor?.cancel(name);
    this.status(name).state = 'stopped';
    const s = this.service(name);
    const stop = (p?: ManagedProcess) => (p ? (how.kill ? p.kill() : p.stop()) : Promise.resolve());
    await stop(s.process);
    if (how.sidecar !== false) await stop(s.sidecar);
  }

  /** Apps first, then sidecars, then the infrastructure in reverse dependency order. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const st of this.statuses.values()) if (st.state !== 'crashed') st.state = 'stopped';
    const all = [...this.services.values()];
    await Promise.all(all.filter((s) => s.dapr).map((s) => s.process?.stop()));
    await Promise.all(all.filter((s) => s.dapr).map((s) => s.sidecar?.stop()));
    for (const s of all.filter((x) => !x.dapr).reverse()) await s.process?.stop();
  }

  /** Last resort when the caller is exiting: SIGKILL every process group at once. */
  killAllSync(): void {
    for (const pid of this.pids()) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Every pid this stack started, for checks that nothing is left behind. */
  pids(): number[] {
    return [...this.services.values()]
      .flatMap((s) => [s.process?.pid, s.sidecar?.pid])
      .filter((p): p is number => typeof p === 'number');
  }

  table(): string {
    const rows = [['service', 'state', 'pid', 'port', 'sidecar http/grpc', 'restarts']];
    for (const [name, s] of this.services) {
      const st = this.status(name);
      rows.push([
        name,
        st.state,
        String(s.process?.pid ?? '-'),
        s.port ? String(s.port) : '-',
        s.dapr ? `${s.dapr.httpPort}/${s.dapr.grpcPort}` : '',
        String(st.restarts),
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
  }
}

/** Starts the whole stack (or part of it) and resolves when every service is healthy. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const root = opts.root ?? REPO_ROOT;
  const ports = opts.ports ?? 'free';
  const dataDir =
    opts.dataDir ??
    (ports === 'fixed' ? path.join(root, '.data') : mkdtempSync(path.join(tmpdir(), 'ticketing-')));
  mkdirSync(dataDir, { recursive: true });
  const stack = new Stack({
    ...opts,
    root,
    ports,
    dataDir,
    output: opts.output ?? (ports === 'fixed' ? 'console' : 'files'),
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  // Children run in their own process groups, so they would outlive a caller that exits
  // without stopping the stack (a crashed test, a bench killed with Ctrl-C).
  const killAll = () => stack.killAllSync();
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (process.listenerCount(signal) === 0) {
      process.once(signal, () => {
        killAll();
        process.exit(130);
      });
    }
  }
  await stack.start();
  return stack;
}

/**
 * Whether a server the run does not start (the redis profile's Redis) answers. A few tries over
 * about 10 s: on a busy machine one 1 s connect can time out while the server is fine.
 */
async function externalReachable(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tcpOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}
