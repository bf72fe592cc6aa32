/**
 * Secret values written down somewhere in this repository (tests, examples, fixtures). Anyone
 * who can read the repo knows them, so production refuses to start with any of them.
 * `packages/common/test/committed-secrets.test.ts` scans the repo and fails when a secret-looking
 * value is committed without being listed here.
 */
export const COMMITTED_SECRET_VALUES: ReadonlySet<string> = new Set([
  // .env.example (also caught by their change-me mark)
  'example-jwt-secret-change-me-0123456789abcdef',
  'example-dapr-api-token-change-me',
  'example-app-api-token-change-me',
  'whsec_example_change_me',
  // tests and fixtures
  'test-secret-that-is-at-least-32-characters-long',
  'common-test-secret-of-32-characters!',
  'sidecar-token-of-at-least-16',
  'app-api-token-for-the-callback-test',
  'example-jwt-secret-change-me-0123456789',
  'example-dapr-token-change-me',
  'whsec_change_me',
  'whsec_test_secret',
  'whsec_test_payments_secret',
  'sk_test_stripemock',
  'sk_test_abc',
  'pk_test_abc',
  'sidecar-token',
]);
