/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Two shared cores: suites that start servers, threads and Java run side by side; 5 s is too tight.
  testTimeout: 60_000,
  transform: { '^.+\\.ts$': 'ts-jest' },
  coverageDirectory: 'coverage',
  collectCoverageFrom: ['lambda/engine/**/*.ts'],
  coverageThreshold: { 'lambda/engine/': { lines: 85, branches: 70 } },
};
