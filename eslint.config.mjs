// Lint is where the architecture's boundaries are enforced (see docs/decisions/0002-module-boundaries.md).
import nx from '@nx/eslint-plugin';
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
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...(forTests ? ['type:testing'] : [])],
        bannedExternalImports: forTests ? [] : ['@nestjs/*', 'typeorm', 'amqplib', 'pg', 'redis', 'minio'] },
      // Platform libs' own tests use the harness; their source never does.
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...(forTests ? ['type:testing'] : [])] },
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

export default [
  { ignores: ['**/node_modules/**', 'dist/**', 'dist.*/**', 'tmp/**', '.herald/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
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
];
