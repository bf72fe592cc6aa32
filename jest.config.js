/** @type {import('jest').Config} */
const transform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } } },
  ],
};

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      // Route tests hash passwords with scrypt at full cost; on a busy 2-core machine 5 s is short.
      testTimeout: 20_000,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/packages/*/test/**/*.test.ts',
        '<rootDir>/services/*/test/**/*.test.ts',
        '<rootDir>/web/test/**/*.test.ts',
        '<rootDir>/test/k8s/**/*.test.ts',
        '<rootDir>/test/lint/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/packages/testkit/src/global-setup.ts',
      globalTeardown: '<rootDir>/packages/testkit/src/global-teardown.ts',
      setupFiles: ['<rootDir>/packages/testkit/src/test-env.ts'],
    },
    {
      displayName: 'browser',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
      setupFiles: ['<rootDir>/packages/testkit/src/test-env.ts'],
    },
    {
      // Processes killed under load; a checker reads every store afterwards (test/chaos).
      displayName: 'chaos',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
      setupFiles: ['<rootDir>/packages/testkit/src/test-env.ts'],
    },
    {
      displayName: 'system',
      transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/system/**/*.test.ts'],
      setupFiles: ['<rootDir>/packages/testkit/src/test-env.ts'],
    },
  ],
};
