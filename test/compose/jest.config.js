/**
 * The compose journey test: run by `npm run test:compose` (scripts/compose/test-compose.sh),
 * not by `npm test`, because it needs Docker and the images built first.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '../..',
  displayName: 'compose',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/compose/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
};
