/**
 * The pubsub components' topic scopes (npm start's, compose's, the k8s overlays') say what
 * TOPIC_APPS says: who publishes and who subscribes to each topic.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { pubsubScopeProblems, pubsubScopes, topicApps, type PubsubComponent } from '../src';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FILES = [
  'components/nats/pubsub.yaml',
  'components/redis/pubsub.yaml',
  'k8s/overlays/nats/pubsub.yaml',
  'k8s/overlays/redis/pubsub.yaml',
];
const load = (file: string) =>
  parse(readFileSync(path.join(ROOT, file), 'utf8')) as PubsubComponent;

describe('pub/sub topic scopes', () => {
  it.each(FILES)('when %s is read, then its scopes are those TOPIC_APPS derives', (file) => {
    expect(pubsubScopeProblems(load(file))).toEqual([]);
  });

  it.each(FILES)('when %s is read, then it is scoped to every app TOPIC_APPS names', (file) => {
    const scoped = load(file).scopes ?? [];
    // `echo` is a system-test fixture, run only by npm start's components.
    const needed = topicApps().filter((a) => a !== 'echo' || file.startsWith('components/'));
    expect(needed.filter((a) => !scoped.includes(a))).toEqual([]);
  });

  it('when a component lets an app publish a topic it does not own, then the drift is reported', () => {
    const component = load(FILES[0]!);
    const publishing = component.spec.metadata.find((m) => m.name === 'publishingScopes')!;
    publishing.value = String(publishing.value).replace(
      'payments=payment.created',
      'payments=payment.created,order.completed',
    );
    expect(pubsubScopeProblems(component)).toEqual([
      expect.stringMatching(/^publishingScopes is ".*payments=payment.created,order.completed/),
    ]);
  });

  it('when scopes are derived, then an app that neither publishes nor subscribes gets none', () => {
    const scopes = pubsubScopes(['web', 'payments']);
    expect(scopes.subscriptionScopes).toBe(
      'web=;payments=order.created,order.cancelled,order.completed',
    );
    expect(scopes.publishingScopes).toBe('web=system.ping;payments=payment.created,system.ping');
  });
});
