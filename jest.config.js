/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  coverageDirectory: 'coverage',
  collectCoverageFrom: ['lambda/engine/**/*.ts'],
  coverageThreshold: { 'lambda/engine/': { lines: 85, branches: 70 } },
};
