import { loadPaymentsConfig } from '../src/config';

const base = {
  APP_PORT: '3104',
  MONGO_URL: 'mongodb://127.0.0.1:27017/payments',
  JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
};

describe('payments config', () => {
  it('when there is no Stripe key, then STRIPE_API_BASE (stripe-mock) is required', () => {
    expect(() => loadPaymentsConfig(base)).toThrow(
      /STRIPE_API_BASE: is required when STRIPE_SECRET_KEY is not set/,
    );
    const config = loadPaymentsConfig({ ...base, STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect(config.STRIPE_API_BASE).toBe('http://127.0.0.1:12111');
    expect(config.STRIPE_SECRET_KEY).toBeUndefined();
  });

  it('when a key is given, then no stripe-mock URL is needed', () => {
    expect(
      loadPaymentsConfig({ ...base, STRIPE_SECRET_KEY: 'sk_test_abc' }).STRIPE_SECRET_KEY,
    ).toBe('sk_test_abc');
  });

  it('when the key is empty, then it counts as not set', () => {
    expect(() => loadPaymentsConfig({ ...base, STRIPE_SECRET_KEY: '' })).toThrow(/STRIPE_API_BASE/);
  });

  it.each([
    ['the key is not a secret key', { STRIPE_SECRET_KEY: 'pk_test_abc' }, /STRIPE_SECRET_KEY/],
    [
      'the webhook secret is missing',
      { STRIPE_WEBHOOK_SECRET: undefined, STRIPE_API_BASE: 'http://x' },
      /STRIPE_WEBHOOK_SECRET/,
    ],
    ['the stripe-mock URL is not a URL', { STRIPE_API_BASE: '127.0.0.1:12111' }, /STRIPE_API_BASE/],
  ])('when %s, then start-up fails naming it', (_case, env, message) => {
    expect(() => loadPaymentsConfig({ ...base, ...env })).toThrow(message);
  });

  describe('in production', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      JWT_SECRET: 'j'.repeat(40),
      STRIPE_WEBHOOK_SECRET: 'whsec_' + 'w'.repeat(24),
      DAPR_API_TOKEN: 'd'.repeat(32),
      APP_API_TOKEN: 'a'.repeat(32),
    };

    it('when payments would talk to stripe-mock (no key), then start-up refuses', () => {
      expect(() =>
        loadPaymentsConfig({ ...production, STRIPE_API_BASE: 'http://127.0.0.1:12111' }),
      ).toThrow(/STRIPE_SECRET_KEY: is required in production/);
    });

    it('when a demo deployment allows stripe-mock explicitly, then it starts', () => {
      const config = loadPaymentsConfig({
        ...production,
        STRIPE_API_BASE: 'http://127.0.0.1:12111',
        STRIPE_MOCK_ALLOWED: 'true',
      });
      expect(config.STRIPE_MOCK_ALLOWED).toBe(true);
    });

    it("when the key is stripe-mock's committed one, then start-up refuses", () => {
      expect(() =>
        loadPaymentsConfig({ ...production, STRIPE_SECRET_KEY: 'sk_test_stripemock' }),
      ).toThrow(/STRIPE_SECRET_KEY: is a value committed in the repository/);
    });

    it('when a real key and secrets are given, then it starts', () => {
      const key = 'sk_test_' + 'k'.repeat(24);
      expect(loadPaymentsConfig({ ...production, STRIPE_SECRET_KEY: key }).STRIPE_SECRET_KEY).toBe(
        key,
      );
    });
  });
});
