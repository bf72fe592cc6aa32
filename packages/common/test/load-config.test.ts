import { z } from 'zod';
import { CommonEnv, loadConfig } from '../src';

const valid = {
  APP_PORT: '3001',
  MONGO_URL: 'mongodb://127.0.0.1:27017/tickets',
  JWT_SECRET: 's'.repeat(32),
};

describe('loadConfig', () => {
  it('when the environment is valid, then a typed config with defaults and coerced numbers', () => {
    const config = loadConfig(CommonEnv, valid);
    expect(config).toMatchObject({
      APP_PORT: 3001,
      DAPR_HTTP_PORT: 3500,
      PUBSUB_NAME: 'pubsub',
      NODE_ENV: 'development',
    });
  });

  it('when settings are missing or bad, then it throws one message listing each of them', () => {
    const env = { APP_PORT: 'not-a-port', MONGO_URL: 'postgres://nope', JWT_SECRET: 'short' };
    let message = '';
    try {
      loadConfig(CommonEnv, env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/APP_PORT: /);
    expect(message).toMatch(/MONGO_URL: must be a mongodb:\/\/ URL/);
    expect(message).toMatch(/JWT_SECRET: must be at least 32 characters/);
  });

  it('when a service extends the common settings, then its own are validated too', () => {
    const Env = CommonEnv.extend({
      ORDER_TTL_SECONDS: z.coerce.number().int().positive().default(900),
    });
    expect(loadConfig(Env, valid).ORDER_TTL_SECONDS).toBe(900);
    expect(() => loadConfig(Env, { ...valid, ORDER_TTL_SECONDS: '-5' })).toThrow(
      /ORDER_TTL_SECONDS: /,
    );
  });
});

describe('example secrets', () => {
  const example = {
    ...valid,
    JWT_SECRET: 'example-jwt-secret-change-me-0123456789',
    DAPR_API_TOKEN: 'example-dapr-token-change-me',
    STRIPE_WEBHOOK_SECRET: 'whsec_change_me',
  };

  it('when NODE_ENV=production and secrets hold example values, then start-up refuses each one', () => {
    expect(() => loadConfig(CommonEnv, { ...example, NODE_ENV: 'production' })).toThrow(
      /DAPR_API_TOKEN: is the example value[\s\S]*JWT_SECRET: is the example value[\s\S]*STRIPE_WEBHOOK_SECRET: is the example value/,
    );
  });

  it('when NODE_ENV=production and the secrets are real, then it starts', () => {
    const real = {
      ...valid,
      NODE_ENV: 'production',
      DAPR_API_TOKEN: 'a'.repeat(32),
      APP_API_TOKEN: 'b'.repeat(32),
    };
    expect(loadConfig(CommonEnv, real).NODE_ENV).toBe('production');
  });

  it('when not in production, then example values are accepted (a laptop run)', () => {
    expect(loadConfig(CommonEnv, { ...example, NODE_ENV: 'development' }).JWT_SECRET).toBe(
      example.JWT_SECRET,
    );
  });
});

describe('production fails closed', () => {
  const production = {
    ...valid,
    NODE_ENV: 'production',
    DAPR_API_TOKEN: 'd'.repeat(32),
    APP_API_TOKEN: 'e'.repeat(32),
  };

  it.each(['DAPR_API_TOKEN', 'APP_API_TOKEN'])(
    'when %s is missing in production, then start-up refuses',
    (name) => {
      expect(() => loadConfig(CommonEnv, { ...production, [name]: undefined })).toThrow(
        new RegExp(`${name}: is required in production`),
      );
      expect(() => loadConfig(CommonEnv, { ...production, [name]: '' })).toThrow(
        new RegExp(`${name}: is required in production`),
      );
    },
  );

  it('when a secret is a value committed in the repo (the test JWT secret), then start-up refuses', () => {
    const env = { ...production, JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long' };
    expect(() => loadConfig(CommonEnv, env)).toThrow(
      /JWT_SECRET: is a value committed in the repository/,
    );
  });

  it('when the same committed value runs in development, then it starts (tests and laptops use it)', () => {
    const env = {
      ...production,
      NODE_ENV: 'development',
      JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    };
    expect(loadConfig(CommonEnv, env).NODE_ENV).toBe('development');
  });
});
