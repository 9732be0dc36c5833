#!/usr/bin/env node
// `npm run test:fuzz [-- --full] [jest options]`: jest refuses unknown flags, so `--full` becomes
// FUZZ_FULL=1 here (≥ 10,000 requests instead of the CI profile). The suites boot the whole
// system each; they run one after the other (-i) so two boots do not share the machine.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const full = args.includes('--full');
const jestArgs = args.filter((arg) => arg !== '--full');
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--selectProjects', 'fuzz', '-i', ...jestArgs],
  {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
    env: { ...process.env, ...(full ? { FUZZ_FULL: '1' } : {}) },
  },
);
process.exit(result.status ?? 1);
