// Two projects: unit tests need nothing; integration tests get real engines from globalSetup.
// Packages that ship ESM only: Node 20 requires them natively (require(esm)), jest's module
// system does not, so they are transformed to CommonJS too.
const ESM_ONLY = ['cookie', 'jose', '@marcbachmann/cel-js'];
const esm = ESM_ONLY.map((p) => p.replace('/', '\\/')).join('|');
const transformer = '<rootDir>/scripts/jest-transform.cjs';
const transform = { '^.+\\.tsx?$': transformer, [`/node_modules/(${esm})/.+\\.js$`]: transformer };
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esm})/)`],
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
