/**
 * Limits for stacks that tests and benches start: their load comes from one address (loopback)
 * and, in places, few accounts (100 buyers signing up, the fuzzer's 10,000 requests, the chaos
 * run's buyers, benches at thousands a second), which the real defaults (issue 11) are made to
 * refuse. A test of a limit sets its own through startStack's `env`, which wins over these.
 */
export const LOAD_LIMITS: Readonly<Record<string, string>> = {
  MAX_OPEN_ORDERS: '10000',
  ORDER_RATE_LIMIT_PER_USER: '0',
  ORDER_RATE_LIMIT_PER_CLIENT: '0',
  PAY_RATE_LIMIT_PER_USER: '0',
  PAY_RATE_LIMIT_PER_CLIENT: '0',
  DECLINES_PER_ORDER: '0',
  DECLINES_PER_USER: '0',
  LISTING_RATE_LIMIT_PER_USER: '0',
  LISTING_RATE_LIMIT_PER_CLIENT: '0',
  SIGNUP_RATE_LIMIT_PER_CLIENT: '0',
};

/** Gives this process (and the stacks it starts, which inherit it) the load limits, unless set. */
export function useLoadLimits(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(LOAD_LIMITS)) env[name] ??= value;
}
