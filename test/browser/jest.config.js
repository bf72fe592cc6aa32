/**
 * Runs the browser journeys on their own until the root jest.config.js has a `browser` project:
 *   npx jest -c test/browser/jest.config.js --runInBand
 * The root project should look the same (see test/browser/README.md).
 */
/** @type {import('jest').Config} */
module.exports = {
  // Relative to this file: the repo root, so paths read like the root config's.
  rootDir: '../..',
  displayName: 'browser',
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } } },
    ],
  },
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
};
