/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-lp.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};

/**
 * Two projects: `unit` (pure code and handlers on mocks: `npm run test:unit`, under a minute)
 * and `system` (servers, threads, Java, Chromium, the CDK app, fuzz and fault tests).
 * `npm test` runs both.
 */
const UNIT = ['engine', 'api', 'planner', 'report', 'register', 'csv', 'tooling'];
module.exports = {
  // Global, not per project (Jest ignores it there). Two shared cores: suites that start servers,
  // threads and Java run side by side; 5 s is too tight.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', roots: UNIT.map((d) => `<rootDir>/test/${d}`), testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'system',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: UNIT.map((d) => `<rootDir>/test/${d}/`),
    },
  ],
  coverageDirectory: 'coverage',
  collectCoverageFrom: ['lambda/engine/**/*.ts'],
  coverageThreshold: { 'lambda/engine/': { lines: 85, branches: 70 } },
};
