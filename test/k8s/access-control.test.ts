/**
 * The sidecar configurations `npm start` and `dapr run -f` use under mTLS (dapr/config-*.yaml):
 * dapr/config.yaml plus accessControl that denies by default, admits web on /api/** of the apps
 * the public origin forwards to and nobody else anywhere, and agrees with the k8s ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadSpec } from '@ticketing/runner';
import { API_ROUTES } from '../../web/server/upstream';

const ROOT = path.resolve(__dirname, '..', '..');
const tye = loadSpec(path.join(ROOT, 'tye.yaml'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into parsed YAML freely
type Yaml = any;

const read = (file: string): Yaml => parse(readFileSync(path.join(ROOT, file), 'utf8'));
const base = read(tye.dapr.config);
const k8s = parseAllDocuments(
  readFileSync(path.join(ROOT, 'k8s/base/dapr/configuration.yaml'), 'utf8'),
).map((d) => d.toJSON() as Yaml);
const apps = tye.services.filter((s) => s.dapr);
const configOf = (appId: string) => apps.find((s) => s.dapr!.appId === appId)!.dapr!.config!;
const files = [...new Set(apps.map((s) => s.dapr!.config!))];
const namespace = tye.dapr.env.NAMESPACE;

const without = (spec: Yaml, ...keys: string[]) =>
  Object.fromEntries(Object.entries(spec).filter(([k]) => !keys.includes(k)));
/** Every operation a caller may reach on an app: `caller VERB /route`. */
const allowed = (config: Yaml): string[] =>
  (config.spec.accessControl.policies ?? []).flatMap((p: Yaml) =>
    p.operations
      .filter((o: Yaml) => o.action === 'allow')
      .map((o: Yaml) => `${p.appId} ${o.httpVerb.join(',')} ${o.name}`),
  );

describe('sidecar access control', () => {
  it('when every app with a sidecar is looked up, then tye.yaml names its own configuration', () => {
    expect(apps.filter((s) => !s.dapr!.config).map((s) => s.name)).toEqual([]);
  });

  it.each(files)(
    'when %s is read, then it is dapr/config.yaml with mTLS and deny by default',
    (file) => {
      const config = read(file);
      expect(without(config.spec, 'mtls', 'accessControl')).toEqual(without(base.spec, 'mtls'));
      expect(config.spec.mtls.enabled).toBe(true);
      expect(config.spec.accessControl.defaultAction).toBe('deny');
      for (const p of config.spec.accessControl.policies ?? []) {
        expect({
          app: p.appId,
          defaultAction: p.defaultAction,
          trustDomain: p.trustDomain,
        }).toEqual({
          app: p.appId,
          defaultAction: 'deny',
          trustDomain: config.spec.accessControl.trustDomain,
        });
        // Sidecars take their identity's namespace from NAMESPACE, which tye.yaml sets.
        expect(p.namespace).toBe(namespace);
      }
    },
  );

  it('when web calls the apps the public origin forwards to, then only /api/** is open to it', () => {
    const apiApps = new Set(Object.values(API_ROUTES));
    for (const s of apps) {
      const open = allowed(read(configOf(s.dapr!.appId))).filter((a) => a.startsWith('web '));
      expect({ app: s.dapr!.appId, open }).toEqual({
        app: s.dapr!.appId,
        open: apiApps.has(s.dapr!.appId) ? ['web * /api/**'] : [],
      });
    }
  });

  it('when another app calls, then only auth (reading a session version) and payments (closing an expired order’s charge, for orders) open a route to it', () => {
    for (const s of apps) {
      const others = allowed(read(configOf(s.dapr!.appId))).filter((a) => !a.startsWith('web '));
      const want =
        s.dapr!.appId === 'auth'
          ? ['tickets', 'orders', 'payments', 'comments'].map(
              (a) => `${a} GET /internal/sessions/*`,
            )
          : s.dapr!.appId === 'payments'
            ? ['orders POST /internal/expiries/*']
            : [];
      expect({ app: s.dapr!.appId, others }).toEqual({ app: s.dapr!.appId, others: want });
    }
  });

  it.each([
    ['dapr/config-api.yaml', 'ticketing-api'],
    ['dapr/config-payments.yaml', 'ticketing-payments'],
    ['dapr/config-auth.yaml', 'ticketing-auth'],
    ['dapr/config-internal.yaml', 'ticketing-internal'],
  ])(
    'when %s is compared with k8s %s, then their accessControl agrees (namespace aside)',
    (file, name) => {
      const local = read(file).spec.accessControl;
      const cluster = k8s.find((c) => c.metadata.name === name).spec.accessControl;
      const k8sNamespace = (cluster.policies ?? [])[0]?.namespace;
      const asLocal = JSON.parse(
        JSON.stringify(cluster).replaceAll(
          `"namespace":"${k8sNamespace}"`,
          `"namespace":"${namespace}"`,
        ),
      );
      expect(local).toEqual(asLocal);
    },
  );
});
