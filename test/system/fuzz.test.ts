/**
 * Fuzzing through the public origin: at least 10,000 malformed requests generated from the
 * OpenAPI document (itself generated from the zod contracts), signed in and not. Every answer
 * must be a 4xx in the platform's error shape (never a 5xx), and no refused request may change
 * any service's data. Failures are printed with the seed and index that replay them; keep them
 * in fuzz-regressions.json, which is replayed first on every run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { openApiDocument } from '@ticketing/openapi';
import { startStack, type Stack } from '@ticketing/runner';
import {
  malformedRequest,
  operationsOf,
  type Auth,
  type FuzzRequest,
} from './support/fuzz/malformed-requests';
import { ensureWebBuild } from '../../web/scripts/ensure-build';
import { eventually } from './support/stack-helpers';

jest.setTimeout(900_000);

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 16;
const DATABASES = ['auth', 'tickets', 'orders', 'payments', 'expiration'];
const REGRESSIONS: FuzzRequest[] = JSON.parse(
  readFileSync(path.join(__dirname, 'fuzz-regressions.json'), 'utf8'),
);

interface Finding {
  request: FuzzRequest;
  status: number;
  body: string;
  why: string;
  seed?: number;
  index?: number;
}

const ERROR_SHAPE = (body: unknown): boolean => {
  if (typeof body !== 'object' || body === null) return false;
  const errors = (body as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.length > 0 &&
    errors.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as { message?: unknown }).message === 'string' &&
        ['string', 'undefined'].includes(typeof (e as { field?: unknown }).field),
    )
  );
};

describe('fuzzing the public API with generated malformed requests', () => {
  let stack: Stack;
  let origin: string;
  let mongo: MongoClient;
  let token: string;

  beforeAll(async () => {
    // The origin serves a production Next build; build it first if it is missing or stale.
    await ensureWebBuild({ log: () => {} });
    stack = await startStack({ ports: 'free', timeoutMs: 180_000 });
    origin = stack.appUrl('web');
    mongo = await MongoClient.connect(`mongodb://127.0.0.1:${stack.service('ferretdb').port}/`);
    const email = `fuzzer-${SEED}@example.com`;
    const signup = await fetch(`${origin}/api/users/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    });
    expect(signup.status).toBe(201);
    const body = (await signup.json()) as { token?: string };
    const cookie = signup.headers.get('set-cookie') ?? '';
    token = body.token ?? /session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(token).not.toBe('');
    // Something to aim at: a listing, and its replica in orders.
    const listed = await fetch(`${origin}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        title: 'Fuzz fixture',
        category: 'concert',
        venue: 'Arena',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        price: 1000,
      }),
    });
    expect(listed.status).toBe(201);
  });

  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  /** A fingerprint of every collection: document count and a hash of the documents. */
  async function snapshot(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of DATABASES) {
      const db = mongo.db(name);
      for (const c of await db.listCollections().toArray()) {
        const docs = await db.collection(c.name).find({}).sort({ _id: 1 }).toArray();
        const hash = createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 12);
        out[`${name}.${c.name}`] = `${docs.length}:${hash}`;
      }
    }
    return out;
  }

  /** Waits until the data stops changing (outbox relays, replicas) and returns it. */
  async function quietSnapshot(): Promise<Record<string, string>> {
    let last = JSON.stringify(await snapshot());
    return eventually(async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const now = await snapshot();
      const same = JSON.stringify(now) === last;
      last = JSON.stringify(now);
      return same ? now : undefined;
    }, 60_000);
  }

  function headersFor(auth: Auth, contentType?: string): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    if (contentType !== undefined && contentType !== '') h['content-type'] = contentType;
    if (auth === 'user') h.authorization = `Bearer ${token}`;
    if (auth === 'garbage-bearer') h.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
    if (auth === 'garbage-cookie') h.cookie = 'session=%00%ff; session=x';
    return h;
  }

  async function send(req: FuzzRequest): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(`${origin}${req.url}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      return { status: 0, text: `transport error: ${String(err)}` };
    }
  }

  function judge(req: FuzzRequest, status: number, text: string): string | undefined {
    if (status === 0 || status >= 500) return `answered ${status || 'nothing'}`;
    if (status >= 400) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return 'a 4xx that is not JSON';
      }
      return ERROR_SHAPE(parsed) ? undefined : 'a 4xx without the error shape';
    }
    // A malformed write that was accepted is a validation gap.
    if (req.method !== 'GET') return `a malformed ${req.method} was accepted (${status})`;
    return undefined;
  }

  it('when 10,000 generated malformed requests hit every route, then no 5xx, every 4xx has the error shape, and nothing is written', async () => {
    const before = await quietSnapshot();
    const ops = operationsOf(openApiDocument() as never);
    const perOp = Math.ceil(TOTAL / ops.length);
    const generated: { req: FuzzRequest; seed?: number; index?: number }[] = REGRESSIONS.map(
      (req) => ({ req: { ...req, headers: headersFor(req.auth, req.headers['content-type']) } }),
    );
    ops.forEach((op, o) => {
      const seed = SEED + o;
      fc.sample(malformedRequest(op), { seed, numRuns: perOp }).forEach((r, index) => {
        const { contentType, ...rest } = r;
        generated.push({ req: { ...rest, headers: headersFor(r.auth, contentType) }, seed, index });
      });
    });

    const findings: Finding[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < generated.length) {
          const { req, seed, index } = generated[next++]!;
          const { status, text } = await send(req);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const why = judge(req, status, text);
          if (why)
            findings.push({ request: req, status, body: text.slice(0, 300), why, seed, index });
        }
      }),
    );
    const after = await quietSnapshot();

    const report = {
      seed: SEED,
      requests: generated.length,
      operations: ops.length,
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      findings: findings.length,
    };
    process.stdout.write(`fuzz: ${JSON.stringify(report)}\n`);
    for (const f of findings.slice(0, 20)) {
      process.stdout.write(
        `fuzz finding (seed ${f.seed} index ${f.index}): ${f.why}: ${f.request.breaks}\n  ${JSON.stringify(
          {
            method: f.request.method,
            url: f.request.url,
            auth: f.request.auth,
            body: f.request.body?.slice(0, 200),
          },
        )}\n  -> ${f.status} ${f.body}\n`,
      );
    }
    expect(generated.length).toBeGreaterThanOrEqual(TOTAL);
    expect(findings.map((f) => `${f.why}: ${f.request.breaks}`)).toEqual([]);
    expect(after).toEqual(before);
  });
});
