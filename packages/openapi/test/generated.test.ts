import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Events, TOPIC_APPS, TOPICS, type Topic } from '@ticketing/contracts';
import { asyncApiDocument, GENERATED_DIR, generatedFiles } from '../src';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'packages', 'contracts', 'fixtures');

const fixtures = (topic: Topic, kind: 'valid' | 'invalid') => {
  const dir = path.join(FIXTURES, topic, kind);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ name: f, data: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) }))
    : [];
};

describe('the generated contracts', () => {
  it('when regenerated, then every committed file is the same (else run npm run contracts)', () => {
    const files = generatedFiles();
    const stale = Object.entries(files)
      .filter(([file, content]) => {
        const full = path.join(ROOT, file);
        return !existsSync(full) || readFileSync(full, 'utf8') !== content;
      })
      .map(([file]) => file);
    const committed = readdirSync(path.join(ROOT, GENERATED_DIR, 'events')).map(
      (f) => `${GENERATED_DIR}/events/${f}`,
    );
    const leftOver = committed.filter((f) => !(f in files));
    expect({ stale, leftOver }).toEqual({ stale: [], leftOver: [] });
  });

  it('when an event schema is generated, then it allows properties it does not name', () => {
    const text = Object.entries(generatedFiles())
      .filter(([f]) => f.includes('/events/'))
      .map(([, c]) => c)
      .join('\n');
    expect(text).not.toContain('"additionalProperties": false');
  });

  it('when the AsyncAPI document is generated, then each topic is a channel with its publisher and subscribers', () => {
    const doc = asyncApiDocument() as {
      asyncapi: string;
      channels: Record<string, { address: string; 'x-dapr-subscribers': string[] }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
    };
    expect(doc.asyncapi).toBe('3.0.0');
    const addresses = Object.values(doc.channels).map((c) => c.address);
    expect(addresses.sort()).toEqual([...TOPICS].sort());
    const ordersCreated = Object.entries(doc.channels).find(
      ([, c]) => c.address === 'order.created',
    )!;
    expect(ordersCreated[1]['x-dapr-subscribers']).toContain('insights');
    const receives = Object.values(doc.operations).filter(
      (o) => o.action === 'receive' && o.channel.$ref === `#/channels/${ordersCreated[0]}`,
    );
    expect(receives).toHaveLength(TOPIC_APPS['order.created'].subscribers.length);
  });
});

describe.each(TOPICS)('the contract fixtures of %s', (topic) => {
  it('when a valid fixture is parsed by the zod schema, then it passes', () => {
    const valid = fixtures(topic, 'valid');
    expect(valid.length).toBeGreaterThan(0);
    for (const f of valid) {
      const r = Events[topic].safeParse(f.data);
      expect({ file: f.name, ok: r.success }).toEqual({ file: f.name, ok: true });
    }
  });

  it('when an invalid fixture is parsed by the zod schema, then it fails', () => {
    const invalid = fixtures(topic, 'invalid');
    expect(invalid.length).toBeGreaterThan(0);
    for (const f of invalid) {
      const r = Events[topic].safeParse(f.data);
      expect({ file: f.name, ok: r.success }).toEqual({ file: f.name, ok: false });
    }
  });
});
