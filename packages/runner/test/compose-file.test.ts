/**
 * docker-compose.yml describes the same platform as tye.yaml; this test keeps the two from
 * drifting (apps, sidecars, databases, broker profiles, the JetStream stream) and keeps secrets
 * out of it. The compose journey test (test/compose) proves it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { exampleSecrets, loadConfig, CommonEnv } from '@ticketing/common';
import { versionOf } from '@ticketing/toolchain';
import { loadSpec } from '../src';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface ComposeService {
  image?: string;
  build?: { args?: Record<string, string>; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  network_mode?: string;
  ports?: string[];
  profiles?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = compose.services;
const spec = loadSpec(path.join(ROOT, 'tye.yaml'));
const tyeApps = spec.services.filter((s) => s.dapr && !s.optional);
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|_KEY)$/;

function parseEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

describe('docker-compose.yml', () => {
  it('when compared with tye.yaml, then every app has an image built from it and a sidecar in its network namespace', () => {
    for (const s of tyeApps) {
      const app = services[s.name];
      const own = app?.build?.dockerfile && app.build.dockerfile !== 'Dockerfile';
      if (own) {
        // An app in another language (Go) has its own Dockerfile and its own health probe.
        expect(existsSync(path.join(ROOT, app.build!.dockerfile!))).toBe(true);
        expect(app?.healthcheck?.test).toContain('--sidecar');
      } else {
        expect({ app: s.name, build: app?.build?.args?.APP }).toEqual({
          app: s.name,
          build: s.name,
        });
        expect(app?.healthcheck?.test).toEqual(['CMD', 'node', '/app/healthcheck.js', '--sidecar']);
      }
      const sidecar = services[`${s.name}-dapr`];
      expect(sidecar?.image).toMatch(/^daprio\/daprd:/);
      expect(sidecar?.network_mode).toBe(`service:${s.name}`);
      expect(sidecar?.command).toContain(`--app-id=${s.dapr!.appId}`);
      const health = s.health && 'http' in s.health ? s.health.http : '/healthz';
      if (health !== '/healthz')
        expect(sidecar?.command).toContain(`--app-health-check-path=${health}`);
    }
  });

  it("when a sidecar hands calls to its app, then at most tye.yaml's maxConcurrency at a time", () => {
    for (const s of tyeApps) {
      const sidecar = services[`${s.name}-dapr`]!;
      // daprd reads its flags in order, the command after the entrypoint: the last one counts.
      const flags = [...(sidecar.entrypoint ?? []), ...(sidecar.command ?? [])];
      const limit = flags.filter((f) => f.startsWith('--app-max-concurrency=')).at(-1);
      expect({ sidecar: s.name, limit }).toEqual({
        sidecar: s.name,
        limit: `--app-max-concurrency=${s.dapr!.maxConcurrency}`,
      });
    }
  });

  it('when apps reach MongoDB, then each has its own database, named as in tye.yaml', () => {
    for (const s of tyeApps.filter((t) => t.env.MONGO_URL)) {
      const db = (url: string) => url.split('/').at(-1);
      expect({ app: s.name, db: db(services[s.name]!.environment!.MONGO_URL!) }).toEqual({
        app: s.name,
        db: db(s.env.MONGO_URL!),
      });
    }
  });

  it('when a broker profile is picked, then its components folder exists and its broker is gated by that profile', () => {
    const sidecar = services['auth-dapr']!;
    expect(sidecar.volumes).toContain('./components/${COMPOSE_PROFILES:-nats}:/components:ro');
    for (const [name, profile] of Object.entries(spec.profiles)) {
      expect(existsSync(path.join(ROOT, profile.components))).toBe(true);
      expect(profile.components).toBe(`components/${name}`);
      const gated = Object.values(services).filter((c) => c.profiles?.includes(name));
      expect({ profile: name, brokers: gated.length > 0 }).toEqual({
        profile: name,
        brokers: true,
      });
    }
  });

  it('when components read env through envRef, then every sidecar gets each variable', () => {
    const refs = new Set<string>();
    for (const profile of Object.values(spec.profiles)) {
      for (const file of ['pubsub.yaml', 'statestore.yaml', 'email.yaml']) {
        const text = readFileSync(path.join(ROOT, profile.components, file), 'utf8');
        for (const m of text.matchAll(/envRef:\s*(\w+)/g)) refs.add(m[1]!);
      }
    }
    for (const s of tyeApps) {
      const env = services[`${s.name}-dapr`]!.environment!;
      for (const name of refs)
        expect({ sidecar: s.name, has: name in env }).toEqual({ sidecar: s.name, has: true });
    }
  });

  it('when JetStream is the broker, then the init job makes the stream tye.yaml makes', () => {
    const nats = spec.services.find((s) => s.jetstream)!;
    const init = services['jetstream-init']!.environment!;
    expect(init.JETSTREAM_STREAM).toBe(nats.jetstream!.stream);
    expect(init.JETSTREAM_SUBJECTS!.split(',')).toEqual(nats.jetstream!.subjects);
  });

  it('when published, then only the web origin and the two viewers are, the viewers on loopback only', () => {
    const published = Object.entries(services).filter(([, c]) => c.ports?.length);
    expect(published.map(([name]) => name).sort()).toEqual(['jaeger', 'mailpit', 'web']);
    expect(services.web!.ports).toEqual(['${WEB_BIND:-127.0.0.1}:${WEB_PORT:-3000}:3000']);
    expect(services.jaeger!.ports).toEqual(['127.0.0.1:${JAEGER_PORT:-16686}:16686']);
    expect(services.mailpit!.ports).toEqual(['127.0.0.1:${MAILPIT_PORT:-8025}:8025']);
  });

  it('when a sidecar traces or sends mail, then by default it reaches the jaeger and mailpit services', () => {
    const defaultOf = (value: string | undefined) => /^\$\{\w+:-(.*)\}$/.exec(value ?? '')?.[1];
    for (const s of tyeApps) {
      const env = services[`${s.name}-dapr`]!.environment!;
      const otlp = new URL(defaultOf(env.OTEL_EXPORTER_OTLP_ENDPOINT)!);
      expect({ sidecar: s.name, host: otlp.hostname, port: otlp.port }).toEqual({
        sidecar: s.name,
        host: 'jaeger',
        port: '4317',
      });
      expect({ sidecar: s.name, smtp: defaultOf(env.SMTP_HOST) }).toEqual({
        sidecar: s.name,
        smtp: 'mailpit',
      });
    }
    expect(services.jaeger!.image).toMatch(/^jaegertracing\/jaeger:2\./);
    expect(services.mailpit!.image).toBe(`axllent/mailpit:v${versionOf('mailpit')}`);
  });

  it('when committed, then no secret is written in it: each comes from the environment', () => {
    for (const [name, c] of Object.entries(services)) {
      for (const [key, value] of Object.entries(c.environment ?? {})) {
        if (SECRET_NAME.test(key)) expect({ name, key, value }).toMatchObject({ value: /^\$\{/ });
      }
    }
  });

  it('when .env.example is copied as is, then production start-up refuses every example secret in it', () => {
    const example = parseEnvFile(path.join(ROOT, '.env.example'));
    const secrets = Object.keys(example).filter((k) => SECRET_NAME.test(k) && example[k] !== '');
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    expect(exampleSecrets(example)).toEqual(secrets.sort());
    const env = { ...example, APP_PORT: '3000', MONGO_URL: 'mongodb://mongo:27017/auth' };
    expect(() => loadConfig(CommonEnv, { ...env, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: is the example value/,
    );
    // The example as shipped runs on a laptop (NODE_ENV=development).
    expect(loadConfig(CommonEnv, env).NODE_ENV).toBe('development');
  });
});
