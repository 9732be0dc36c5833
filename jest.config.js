// Two projects: fast unit specs beside the code, integration specs against the real services.
const swc = ['@swc/jest', { swcrc: true }];
const moduleNameMapper = {
  '^@herald/(config|contracts|messaging|observability|persistence|runner-kit|templating|testing)$':
    '<rootDir>/libs/$1/src/index.ts',
};
// The provider suite: every runner's providers against their wire-format servers.
const PROVIDER_SPECS = ['apps/runner-*/test/*provider*.int-spec.ts', 'apps/runner-*/test/*-http-guard.int-spec.ts'];
const PROVIDER_SPEC_PATHS = [
  '/apps/runner-[^/]+/test/[^/]*provider[^/]*\\.int-spec\\.ts$',
  '/apps/runner-[^/]+/test/[^/]*-http-guard\\.int-spec\\.ts$',
];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/dist\\.', '<rootDir>/.herald/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,k8s,chaos,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,k8s}/**/*.int-spec.ts'],
      // The provider suite runs on its own (below), so CI prints its time.
      testPathIgnorePatterns: PROVIDER_SPEC_PATHS,
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      // Each provider against a local server speaking its API's wire format (decisions 0036, 0037).
      ...common,
      displayName: 'providers',
      testMatch: PROVIDER_SPECS.map((pattern) => `<rootDir>/${pattern}`),
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      // Novu's browser clients in headless Chromium against the whole system (decision 0034).
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/browser/**/*.browser-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      // Bad input and cross-environment isolation against the whole system (`npm run test:fuzz [-- --full]`); not part of `npm test`'s default projects.
      ...common,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/fuzz/**/*.fuzz-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    // Crash and restart under load (`npm run test:chaos`): its own RabbitMQ node and Postgres cluster; never part of `npm test`'s default projects.
    {
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/chaos/**/*.chaos-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration.setup.ts'],
    },
  ],
};
