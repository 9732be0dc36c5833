#!/usr/bin/env node
// `npm test`: every stage in order, stopping at the first failure, then how long each one took — so a
// slow CI run says where its time went.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// Package files by path: some packages do not export their bin scripts.
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const node = (...args) => [process.execPath, args];

const stages = [
  // The module-boundaries lint rule needs Nx's project graph; its list of projects is not interesting.
  ['lint', node(bin('nx', 'dist/bin/nx.js'), 'show', 'projects'), 'quiet'],
  ['lint', node(bin('eslint', 'bin/eslint.js'), '.')],
  ['format', node(bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.')],
  ['typecheck', node(bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json')],
  ['typecheck', node(bin('typescript', 'bin/tsc'), '-p', 'browser/tsconfig.json')],
  ['typecheck', node(bin('typescript', 'bin/tsc'), '-p', 'apps/console/tsconfig.json')],
  ['build', node(path.join(root, 'tools', 'build.js'))],
  ['unit', node(bin('jest', 'bin/jest.js'), '--selectProjects', 'unit')],
  ['integration', node(bin('jest', 'bin/jest.js'), '--selectProjects', 'integration')],
  ['providers', node(bin('jest', 'bin/jest.js'), '--selectProjects', 'providers')],
  ['e2e', node(bin('jest', 'bin/jest.js'), '--selectProjects', 'e2e')],
  ['browser', node(bin('jest', 'bin/jest.js'), '--selectProjects', 'browser')],
  ['fuzz', node(path.join(root, 'fuzz', 'run-fuzz.js'))],
  ['chaos', node(path.join(root, 'chaos', 'run.js'))],
];

const timings = new Map();
let failed;
for (const [name, [command, args], output] of stages) {
  const started = Date.now();
  const stdio = output === 'quiet' ? ['inherit', 'ignore', 'inherit'] : 'inherit';
  const run = spawnSync(command, args, { cwd: root, stdio, env: process.env });
  timings.set(name, (timings.get(name) ?? 0) + (Date.now() - started));
  if (run.status !== 0) {
    failed = name;
    break;
  }
}
console.log('\nnpm test — time per stage');
for (const [name, ms] of timings) console.log(`  ${name.padEnd(12)} ${(ms / 1000).toFixed(0).padStart(5)} s`);
if (failed) console.log(`  failed at: ${failed}`);
process.exit(failed ? 1 : 0);
