// Lint is where the architecture's boundaries are enforced (see docs/decisions/0002-module-boundaries.md).
import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import tseslint from 'typescript-eslint';

const appScopes = [
  'api-gateway',
  'attachment-service',
  'trigger-worker',
  'runner-email',
  'runner-sms',
  'runner-push',
  'runner-chat',
  'runner-in-app',
];

const boundaries = (forTests) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:contracts', ...(forTests ? ['type:testing'] : [])],
        bannedExternalImports: forTests ? [] : ['@nestjs/*', 'typeorm', 'amqplib', 'pg', 'redis', 'minio'],
      },
      // Platform libs' own tests use the harness; their source never does.
      {
        sourceTag: 'type:platform',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...(forTests ? ['type:testing'] : [])],
      },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // An app only ever depends on shared libs: apps (runners included) never import each other.
      ...appScopes.map((scope) => ({ sourceTag: `scope:${scope}`, onlyDependOnLibsWithTags: ['scope:shared'] })),
    ],
  },
];

const testingOnly = { name: '@herald/testing', message: '@herald/testing is for test files only.' };

// Tiers inside one app, highest first: a file may import its own tier and the ones below it, never
// one above (docs/decisions/0027-one-shape-per-app.md). Imports are relative, so a backward import always
// names the higher tier's folder.
const tierRules = (appSrc, tiersTopDown) =>
  tiersTopDown.map((tier, index) => ({
    files: [`${appSrc}/${tier}/**/*.ts`],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [testingOnly],
          patterns: tiersTopDown.slice(0, index).map((above) => ({
            regex: `(^|/)${above}(/|$)`,
            message: `${appSrc}/${tier} is below ${above}/ and may not import it (tiers: ${tiersTopDown.join(' → ')}).`,
          })),
        },
      ],
    },
  }));

// SQL lives in repositories (issue 12): TypeORM may be imported only by repositories, entities,
// migrations and the persistence wiring listed here; everything else passes a `Tx` from
// @herald/persistence to a repository (opening a Tx, `managerOf`, is theirs too). Its own rule
// name, so the tier rules above do not replace it.
const typeormAllowedIn = [
  '**/*.repository.ts',
  '**/*.entity.ts',
  '**/migrations/**',
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  'libs/persistence/**',
  'libs/testing/**',
  // libs/messaging's own tables: the outbox and the processed-message ledger.
  'libs/messaging/src/outbox/**',
  'libs/messaging/src/ledger/**',
  // Persistence wiring: hands the data source to the messaging lib or wraps it as a Tx.
  'apps/trigger-worker/src/platform/sql/sql-rows.ts',
  'apps/trigger-worker/src/platform/once-per-message.consumers.ts',
  'apps/trigger-worker/src/platform/worker.lifecycle.ts',
  'apps/api-gateway/src/adapters/broker/outbox/gateway-outbox.relay.ts',
  'libs/runner-kit/src/runner.module.ts',
  'libs/runner-kit/src/runner/runner.lifecycle.ts',
  'libs/runner-kit/src/runner/runner-definition.ts',
];
const typeormMessage =
  'SQL belongs in a repository: take a Tx from @herald/persistence and call a *.repository.ts method.';

export default [
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'dist.*/**',
      'tmp/**',
      '.herald/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, 'simple-import-sort': simpleImportSort },
    rules: {
      // Import order is decided by a rule, like layout by Prettier (decision 0027).
      'simple-import-sort/imports': 'error',
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    // The test harness is for tests only.
    files: ['apps/**/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [testingOnly] }],
    },
  },
  ...tierRules('apps/api-gateway/src', ['features', 'pipeline', 'adapters', 'core']),
  {
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: typeormAllowedIn,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: typeormMessage },
            { name: '@herald/persistence', importNames: ['managerOf', 'txOf'], message: typeormMessage },
          ],
          patterns: [{ group: ['typeorm/*'], message: typeormMessage }],
        },
      ],
    },
  },
];
