import {
  hashPassword,
  needsRehash,
  OWASP_COST,
  useHashCost,
  verifyNothing,
  verifyPassword,
} from '../src/domain/password-hash';

describe('password hashing', () => {
  // The default is tested first, then the rest run at 2^14: 2^17 takes seconds on a busy machine.
  afterAll(() => useHashCost(OWASP_COST));
  it('when a password is hashed at the default cost, then it is OWASP’s scrypt N=2^17, r=8, p=1', async () => {
    const stored = await hashPassword('open sesame please');
    const [scheme, N, r, p, salt, hash] = stored.split('$');
    expect(scheme).toBe('scrypt');
    expect([Number(N), Number(r), Number(p)]).toEqual([2 ** 17, 8, 1]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(await verifyPassword('open sesame please', stored)).toBe(true);
    useHashCost({ N: 2 ** 14, r: 8, p: 1 });
  }, 60_000);

  it('when the same password is hashed twice, then the salts and hashes differ', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('when the right password is checked, then true; a wrong one, then false', async () => {
    const stored = await hashPassword('right password');
    expect(await verifyPassword('right password', stored)).toBe(true);
    expect(await verifyPassword('right passworD', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('when a hash was made with other parameters, then it still verifies with them', async () => {
    // A hash made with lower parameters, as an older release might have stored it.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('legacy password', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('legacy password', stored)).toBe(true);
    expect(await verifyPassword('legacy passwords', stored)).toBe(false);
  });

  it.each([
    ['another scheme', 'bcrypt$10$abc'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdA==$aGFzaA=='],
    ['an absurd N', `scrypt$${2 ** 30}$8$1$c2FsdA==$aGFzaA==`],
    ['missing parts', 'scrypt$16384$8$1$c2FsdA=='],
  ])(
    'when the stored hash has %s, then verifying throws instead of answering',
    async (_case, stored) => {
      await expect(verifyPassword('anything', stored)).rejects.toThrow(
        /scrypt\$N\$r\$p\$salt\$hash/,
      );
    },
  );

  it('when there is no stored hash, then the dummy check is false and takes a real check’s time', async () => {
    const stored = await hashPassword('some password');
    const t0 = process.hrtime.bigint();
    await verifyPassword('some password', stored);
    const real = Number(process.hrtime.bigint() - t0);
    const t1 = process.hrtime.bigint();
    expect(await verifyNothing('some password')).toBe(false);
    const dummy = Number(process.hrtime.bigint() - t1);
    expect(dummy).toBeGreaterThan(real * 0.5);
  });

  it('when a hash is cheaper than the current cost, then it needs a rehash; as strong or stronger, not', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const at = (N: number) =>
      `scrypt$${N}$8$1$${salt.toString('base64')}$${scryptSync('pw', salt, 32, { N, r: 8, p: 1 }).toString('base64')}`;
    useHashCost({ N: 2 ** 12, r: 8, p: 1 });
    try {
      expect(needsRehash(at(2 ** 11))).toBe(true);
      expect(needsRehash(at(2 ** 12))).toBe(false);
      expect(needsRehash(at(2 ** 13))).toBe(false);
    } finally {
      useHashCost({ N: 2 ** 14, r: 8, p: 1 });
    }
  });
});
