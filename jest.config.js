// Two projects: unit tests need nothing; integration tests get real engines from globalSetup.
// cookie@2 (via fastify's light-my-request) ships ESM only: Node 20 requires it natively,
// jest's module system does not, so it is transformed to CommonJS too.
const transformer = '<rootDir>/scripts/jest-transform.cjs';
const transform = { '^.+\\.tsx?$': transformer, '/node_modules/cookie/.+\\.js$': transformer };
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

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
