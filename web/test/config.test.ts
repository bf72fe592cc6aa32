import { loadWebConfig } from '../server/config';

describe('web config', () => {
  it('when NODE_ENV=production and DAPR_API_TOKEN is missing, then start-up refuses', () => {
    expect(() => loadWebConfig({ NODE_ENV: 'production' })).toThrow(
      /DAPR_API_TOKEN: is required in production/,
    );
  });

  it('when NODE_ENV=production and the token is given, then it starts', () => {
    const env = { NODE_ENV: 'production', DAPR_API_TOKEN: 't'.repeat(32) };
    expect(loadWebConfig(env).DAPR_API_TOKEN).toBe(env.DAPR_API_TOKEN);
  });

  it('when on a laptop without a token, then it starts', () => {
    expect(loadWebConfig({}).DAPR_API_TOKEN).toBeUndefined();
  });
});
