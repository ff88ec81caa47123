// Two projects: unit tests need nothing; integration tests get real engines from globalSetup.
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }],
};
const common = { testEnvironment: 'node', transform, moduleFileExtensions: ['ts', 'tsx', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/*/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/*/test/**/*.int.test.ts'],
      globalSetup: '<rootDir>/infra/test-support/global-setup.ts',
      globalTeardown: '<rootDir>/infra/test-support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/infra/test-support/integration-setup.ts'],
    },
  ],
};
