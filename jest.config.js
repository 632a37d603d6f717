/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  coverageDirectory: 'coverage',
  collectCoverageFrom: ['lambda/engine/**/*.ts'],
  coverageThreshold: { 'lambda/engine/': { lines: 85, branches: 70 } },
};
