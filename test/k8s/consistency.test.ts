/**
 * The consistency checks that `npm run test:k8s` runs on every rendered overlay, here on the
 * committed base and NATS components as they are, and on copies with one drift each, so each
 * check is shown to catch what it is for.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSpec } from '@ticketing/runner';
import { checkManifests, parseManifests, type K8sObject } from '../../scripts/k8s/consistency';

const ROOT = path.resolve(__dirname, '..', '..');
const tye = loadSpec(path.join(ROOT, 'tye.yaml'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into parsed YAML freely
type Yaml = any;

function committed(): K8sObject[] {
  const kustomization = (dir: string) =>
    (
      parseManifests(readFileSync(path.join(ROOT, dir, 'kustomization.yaml'), 'utf8'))[0]!
        .resources as string[]
    ).filter((r) => r.endsWith('.yaml'));
  const files = [
    ...kustomization('k8s/base').map((f) => path.join('k8s/base', f)),
    ...kustomization('k8s/overlays/nats').map((f) => path.join('k8s/overlays/nats', f)),
  ];
  return files.flatMap((f) => parseManifests(readFileSync(path.join(ROOT, f), 'utf8')));
}

/** A committed object by kind and name, for a test to change. */
function find(objects: K8sObject[], kind: string, name: string): Yaml {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

const appContainer = (objects: K8sObject[], name: string, kind = 'Deployment') =>
  find(objects, kind, name).spec.template.spec.containers[0];
const annotations = (objects: K8sObject[], name: string) =>
  find(objects, 'Deployment', name).spec.template.metadata.annotations as Record<string, string>;

/** The committed dev Jaeger and a Configuration patched to send it traces, as the dev overlay does. */
function withDevTracing(endpointAddress: string): K8sObject[] {
  const objects = [
    ...committed(),
    ...parseManifests(readFileSync(path.join(ROOT, 'k8s/overlays/dev/jaeger.yaml'), 'utf8')),
  ];
  for (const cfg of objects.filter((o) => o.kind === 'Configuration')) {
    (cfg as Yaml).spec.tracing.otel = { endpointAddress, isSecure: false, protocol: 'grpc' };
  }
  return objects;
}

describe('k8s manifests consistency', () => {
  test('when the committed base and NATS components are checked, then there is no problem', () => {
    const objects = committed();
    expect(objects.filter((o) => o.kind === 'Deployment')).toHaveLength(8);
    expect(checkManifests(objects, tye)).toEqual([]);
  });

  test("when a Deployment's app-port differs from its container port, then it is reported", () => {
    const objects = committed();
    annotations(objects, 'orders')['dapr.io/app-port'] = '3999';
    expect(checkManifests(objects, tye)).toEqual(
      expect.arrayContaining([
        "Deployment/orders app-port 3999 differs from tye.yaml's 3103",
        'Deployment/orders app-port 3999 differs from its container port (3103)',
        'Deployment/orders app-port 3999 differs from its APP_PORT 3103',
      ]),
    );
  });

  test("when a sidecar's app-max-concurrency differs from tye.yaml's or is missing, then it is reported", () => {
    const objects = committed();
    annotations(objects, 'expiration')['dapr.io/app-max-concurrency'] = '128';
    delete annotations(objects, 'orders')['dapr.io/app-max-concurrency'];
    expect(checkManifests(objects, tye).sort()).toEqual([
      "Deployment/expiration dapr.io/app-max-concurrency 128 differs from tye.yaml's 32",
      "Deployment/orders dapr.io/app-max-concurrency unset differs from tye.yaml's 128",
    ]);
  });

  test("when a pod mounts no service-account token but keeps daprd's built-in secret store, then it is reported", () => {
    const objects = committed();
    delete annotations(objects, 'payments')['dapr.io/disable-builtin-k8s-secret-store'];
    expect(checkManifests(objects, tye)).toEqual([
      "Deployment/payments mounts no service-account token but keeps daprd's built-in Kubernetes secret store (dapr.io/disable-builtin-k8s-secret-store)",
    ]);
  });

  test("when a probe points at another port than the app's, then it is reported", () => {
    const objects = committed();
    appContainer(objects, 'payments').livenessProbe.httpGet.port = 9090;
    expect(checkManifests(objects, tye)).toEqual([
      'Deployment/payments livenessProbe port 9090 differs from app-port 3104',
    ]);
  });

  test('when an app id differs from tye.yaml, then both sides are reported', () => {
    const objects = committed();
    annotations(objects, 'tickets')['dapr.io/app-id'] = 'ticket';
    const problems = checkManifests(objects, tye);
    expect(problems).toContain(
      'Deployment/tickets has app id "ticket", which tye.yaml does not run',
    );
    expect(problems).toContain('tye.yaml runs app "tickets", which has no Deployment');
    // The component scopes and resiliency target the old id, which no longer exists.
    expect(problems).toContain('Component/pubsub scopes names app "tickets", which does not exist');
  });

  test("when a Component's scopes name an app that does not exist, then it is reported", () => {
    const objects = committed();
    (find(objects, 'Component', 'statestore').scopes as string[]).push('reviews');
    expect(checkManifests(objects, tye)).toEqual([
      'Component/statestore scopes names app "reviews", which does not exist',
    ]);
  });

  test('when an access policy names an app that does not exist, then it is reported', () => {
    const objects = committed();
    find(objects, 'Configuration', 'ticketing-api').spec.accessControl.policies[0].appId = 'webb';
    expect(checkManifests(objects, tye)).toEqual([
      'Configuration/ticketing-api accessControl names app "webb", which does not exist',
    ]);
  });

  test("when an app reads another token secret than its sidecar's, then it is reported", () => {
    const objects = committed();
    const env = appContainer(objects, 'auth').env as { name: string; valueFrom?: Yaml }[];
    env.find((e) => e.name === 'APP_API_TOKEN')!.valueFrom.secretKeyRef.name = 'other';
    expect(checkManifests(objects, tye)).toEqual([
      'Deployment/auth APP_API_TOKEN does not read key "token" of dapr.io/app-token-secret ticketing-app-api-token',
    ]);
  });

  test('when an env var or component reads a key its Secret lacks, then it is reported', () => {
    const objects = committed();
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ticketing' },
      stringData: { 'jwt-secret': 'x', 'nats-url': 'nats://nats:4222' },
    });
    const problems = checkManifests(objects, tye);
    expect(problems).toContain(
      'Deployment/auth container app env MONGO_URL reads key "mongo-url-auth" of Secret ticketing, which has no such key',
    );
    expect(problems).toContain(
      'Component/statestore metadata connectionString reads key "mongo-url-actors" of Secret ticketing, which has no such key',
    );
    // Optional keys (a Stripe key in dev) may be absent.
    expect(problems.join('\n')).not.toContain('stripe-secret-key');
  });

  test('when a Service targets a port its pods do not expose, then it is reported', () => {
    const objects = committed();
    find(objects, 'Service', 'web').spec.ports[0].targetPort = 'https';
    expect(checkManifests(objects, tye)).toEqual([
      'Service/web targets port https, which its pods lack',
    ]);
  });

  test("when the stream or its subjects differ from tye.yaml's, then it is reported", () => {
    const objects = [
      ...committed(),
      ...parseManifests(readFileSync(path.join(ROOT, 'k8s/overlays/dev/nats.yaml'), 'utf8')),
    ];
    expect(checkManifests(objects, tye)).toEqual([]);
    const job = appContainer(objects, 'jetstream-init', 'Job');
    job.env.find((e: Yaml) => e.name === 'JETSTREAM_SUBJECTS').value = 'ticket.>,order.>';
    find(objects, 'Component', 'pubsub').spec.metadata.find(
      (m: Yaml) => m.name === 'streamName',
    ).value = 'ORDERS';
    expect(checkManifests(objects, tye)).toEqual([
      "Job/jetstream-init stream subjects ticket.>,order.> differ from tye.yaml's",
      "Component/pubsub binds to stream ORDERS, not tye.yaml's TICKETING",
    ]);
  });

  test("when the Dapr Configurations send traces to the dev overlay's Jaeger, then there is no problem", () => {
    expect(checkManifests(withDevTracing('jaeger:4317'), tye)).toEqual([]);
  });

  test('when a Configuration sends traces to a Service or port that is not there, then it is reported', () => {
    expect(checkManifests(withDevTracing('jaeger:4319'), tye)).toEqual([
      'Configuration/ticketing-api sends traces to jaeger:4319, but Service/jaeger has no port 4319',
      'Configuration/ticketing-payments sends traces to jaeger:4319, but Service/jaeger has no port 4319',
      'Configuration/ticketing-auth sends traces to jaeger:4319, but Service/jaeger has no port 4319',
      'Configuration/ticketing-internal sends traces to jaeger:4319, but Service/jaeger has no port 4319',
    ]);
    expect(checkManifests(withDevTracing('otel:4317'), tye)).toContain(
      'Configuration/ticketing-api sends traces to otel:4317, but there is no Service otel',
    );
    // A collector in another namespace is not rendered with the overlay: not checked.
    expect(
      checkManifests(withDevTracing('otel-collector.observability.svc.cluster.local:4317'), tye),
    ).toEqual([]);
  });
});
