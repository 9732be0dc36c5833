#!/usr/bin/env node
// `npm run test:chaos [-- --full] [-- --seed=N]`: builds dist/ and runs the chaos jest project alone.
// Jest rejects unknown flags, so the suite's own flags become environment variables here.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
const jestArgs = [];
for (const arg of process.argv.slice(2)) {
  if (arg === '--full') env.CHAOS_FULL = '1';
  else if (arg.startsWith('--seed=')) env.CHAOS_SEED = arg.slice('--seed='.length);
  else if (arg.startsWith('--triggers=')) env.CHAOS_TRIGGERS = arg.slice('--triggers='.length);
  else jestArgs.push(arg);
}
require(path.join(root, 'tools', 'build.js')).build();
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest', { paths: [root] }), '--selectProjects', 'chaos', '--runInBand', ...jestArgs],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
