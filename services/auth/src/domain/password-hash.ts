import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are stored as `scrypt$N$r$p$salt$hash` (salt and hash in base64), so the cost can be
 * raised later while old hashes still verify with the parameters they were made with.
 */
export interface Params {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt floor (Password Storage Cheat Sheet): N=2^17, r=8, p=1; ~0.3 s on a CI core. */
export const OWASP_COST: Params = { N: 2 ** 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// Set once at start-up from config (PASSWORD_SCRYPT_LOG2N); tests lower it to stay fast.
let cost: Params = OWASP_COST;

export function useHashCost(params: Params): void {
  cost = params;
}

function derive(
  password: string,
  salt: Buffer,
  keyBytes: number,
  { N, r, p }: Params,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes (128 MiB at N=2^17); leave headroom over the 32 MiB default.
    scrypt(password, salt, keyBytes, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, hash } = parseStoredHash(stored);
  const candidate = await derive(password, salt, hash.length, params);
  return timingSafeEqual(candidate, hash);
}

/** Spends the time of a real check when there is no stored hash, so a miss is not faster. */
export async function verifyNothing(password: string): Promise<false> {
  const hash = randomBytes(KEY_BYTES);
  timingSafeEqual(await derive(password, randomBytes(SALT_BYTES), KEY_BYTES, cost), hash);
  return false;
}

/**
 * True when the stored hash was made cheaper than the current cost (an older release's), so a
 * sign-in that just proved the password should store it again at today's cost. A stronger hash
 * is kept: lowering the setting must not weaken stored passwords.
 */
export function needsRehash(stored: string): boolean {
  const { params, hash } = parseStoredHash(stored);
  return params.N < cost.N || params.r < cost.r || params.p < cost.p || hash.length !== KEY_BYTES;
}

const isInt = (s: string | undefined, min: number, max: number) =>
  /^\d+$/.test(s ?? '') && Number(s) >= min && Number(s) <= max;

function parseStoredHash(stored: string): { params: Params; salt: Buffer; hash: Buffer } {
  const [scheme, N, r, p, salt, hash, ...rest] = stored.split('$');
  const ok =
    scheme === 'scrypt' &&
    rest.length === 0 &&
    isInt(N, 2, 2 ** 20) &&
    (Number(N) & (Number(N) - 1)) === 0 &&
    isInt(r, 1, 32) &&
    isInt(p, 1, 16) &&
    !!salt &&
    !!hash;
  // A hash we cannot read is a bug or a corrupted record, not a wrong password.
  if (!ok) throw new Error('stored password hash is not in scrypt$N$r$p$salt$hash form');
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  return { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}
