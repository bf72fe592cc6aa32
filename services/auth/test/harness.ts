import { createLogger, DaprStateStore } from '@ticketing/common';
import {
  checkContracts,
  startStateSidecar,
  TEST_JWT_SECRET,
  testClock,
  useTestDatabase,
  type ContractCheckedApp,
  type StateSidecar,
} from '@ticketing/testkit';
import request from 'supertest';
import { buildApp } from '../src/app';
import { loadAuthConfig, type AuthConfig } from '../src/config';
import { ensureIndexes } from '../src/data/indexes';
import { signupLimiterIn } from '../src/data/limit-counts';
import { UserModel } from '../src/data/users';
import type { Mail, Mailer } from '../src/domain/mailer';

export const JWT_SECRET = TEST_JWT_SECRET;
/** The rate limit clock stands still one second into a day, so windows never roll over mid-test. */
export const CLOCK_START = Date.UTC(2030, 0, 1) + 1000;

export interface Harness {
  /** The real app; every answer of a public route is checked against its contract. */
  app: ContractCheckedApp;
  config: AuthConfig;
  /** Every response body and header block this file received, to search for leaks. */
  responses: string[];
  /** Moves the clock of the rate limit windows and reset links. */
  advanceClock(ms: number): void;
  /** Every mail the app sent, in order (the edge the app owns: its mailer). */
  mails: Mail[];
  /** Waits for the work the app left running after its answers (reset mails). */
  settle(): Promise<void>;
  http: {
    get(path: string): request.Test;
    post(path: string): request.Test;
    put(path: string): request.Test;
  };
}

/**
 * Starts the real app on a database of this test file's own, with `env` over the test defaults.
 * With `stateStore`, the sign-up limit counts in a real daprd's `appstate` store; else it is off.
 */
export function useAuthApp(
  env: Record<string, string> = {},
  opts: { stateStore?: boolean } = {},
): Harness {
  const h = { responses: [] as string[], mails: [] as Mail[] } as Harness;
  const mailer: Mailer = {
    send: async (mail) => {
      h.mails.push(mail);
    },
  };
  const pending: Promise<void>[] = [];
  const clock = testClock(CLOCK_START);
  const db = useTestDatabase('auth');
  const record = (req: request.Test) => {
    req.on('response', (res: request.Response) => {
      h.responses.push(`${JSON.stringify(res.headers)}\n${res.text}`);
    });
  };

  let sidecar: StateSidecar | undefined;
  afterAll(async () => {
    await sidecar?.stop();
  });

  beforeAll(async () => {
    await ensureIndexes();
    h.config = loadAuthConfig({
      APP_PORT: '3000',
      MONGO_URL: db.url,
      JWT_SECRET,
      // scrypt at 2^14 keeps route tests fast; the default (OWASP's 2^17) is tested on its own.
      PASSWORD_SCRYPT_LOG2N: '14',
      ...env,
    });
    if (opts.stateStore) sidecar = await startStateSidecar('auth');
    const signupLimiter =
      sidecar &&
      signupLimiterIn(
        new DaprStateStore({
          storeName: 'appstate',
          daprHttpPort: Number(new URL(sidecar.url).port),
          daprApiToken: sidecar.token,
        }),
        h.config,
      );
    h.app = checkContracts(
      buildApp({
        config: h.config,
        logger: createLogger('auth-test'),
        mailer,
        clock: () => clock.now().getTime(),
        signupLimiter,
        later: (_name, job) => {
          pending.push(job());
        },
      }),
    );
    h.settle = async () => {
      await Promise.all(pending.splice(0));
    };
    h.advanceClock = clock.advance;
    h.http = {
      get: (path) => request(h.app).get(path).use(record),
      post: (path) => request(h.app).post(path).use(record),
      put: (path) => request(h.app).put(path).use(record),
    };
  });

  return h;
}

let seq = 0;
/** An email no other test in the run uses. */
export const uniqueEmail = (tag = 'user') =>
  `${tag}-${process.pid}-${Date.now()}-${++seq}@example.com`;

export async function signUp(
  h: Harness,
  email = uniqueEmail(),
  password = 'correct horse battery',
) {
  const res = await h.http.post('/api/users/signup').send({ email, password }).expect(201);
  return { email, password, token: res.body.token as string, cookie: sessionCookieOf(res) };
}

/** The `name=value` of the session cookie a response set, ready for a Cookie header. */
export function sessionCookieOf(res: request.Response): string {
  const cookie = setCookies(res).find((c) => c.startsWith('session='));
  if (!cookie) throw new Error('response set no session cookie');
  return cookie.split(';')[0]!;
}

export function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
}

/** Fails if any stored hash, or any part of one, showed up in a response of this file. */
export async function expectNoHashInResponses(h: Harness): Promise<void> {
  const users = await UserModel.find({}, { passwordHash: 1 }).lean();
  expect(users.length).toBeGreaterThan(0);
  expect(h.responses.length).toBeGreaterThan(0);
  for (const { passwordHash } of users) {
    const [, , , , salt, hash] = passwordHash.split('$');
    for (const text of h.responses) {
      expect(text).not.toContain(hash);
      expect(text).not.toContain(salt);
      expect(text).not.toContain('scrypt$');
      expect(text).not.toMatch(/passwordHash/i);
    }
  }
}
