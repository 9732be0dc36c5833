import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { APP_NAMES } from './herald-apps.fixture';

// No Docker engine runs here, so the Dockerfile is checked by reading it.
const ROOT = resolve(__dirname, '../..');
const instructions = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Splits the instructions into stages; `global` holds what comes before the first FROM. */
function stages(): Array<{ from: string; instructions: typeof instructions }> {
  const result = [{ from: 'global', instructions: [] as typeof instructions }];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') result.push({ from: instruction.args, instructions: [] });
    else result[result.length - 1].instructions.push(instruction);
  }
  return result;
}

function isIgnored(path: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .split('**/')
        .map((part) => part.replace(/\*/g, '[^/]*'))
        .join('(?:.*/)?')}(?:/.*)?$`,
    );
  return ignored.some((pattern) => !pattern.startsWith('!') && toRegExp(pattern).test(path));
}

test('takes the base image from ARG NODE_IMAGE, an official Node 20 slim image by default', () => {
  const [global, ...built] = stages();
  expect(global.instructions).toEqual([{ keyword: 'ARG', args: 'NODE_IMAGE=node:20-bookworm-slim' }]);
  expect(built.map((s) => s.from.split(' ')[0])).toEqual(built.map(() => '${NODE_IMAGE}'));
});

test('builds with the full dependency tree and ships production dependencies only', () => {
  const runs = stages().map((s) =>
    s.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join(' && '),
  );
  expect(runs.some((run) => /\bnpm ci(?! --omit)/.test(run) && run.includes('node tools/build.js'))).toBe(true);
  expect(runs.some((run) => run.includes('npm ci --omit=dev'))).toBe(true);
  const runtime = stages().at(-1)?.instructions ?? [];
  expect(runtime.filter((i) => i.keyword === 'COPY').every((i) => i.args.startsWith('--from='))).toBe(true);
});

test('runs one APP as the non-root node user, with node receiving SIGTERM itself', () => {
  const runtime = stages().at(-1)?.instructions ?? [];
  expect(runtime).toContainEqual({ keyword: 'ARG', args: 'APP' });
  expect(runtime.filter((i) => i.keyword === 'USER')).toEqual([{ keyword: 'USER', args: 'node' }]);
  const cmd = runtime.filter((i) => i.keyword === 'CMD');
  expect(cmd).toEqual([{ keyword: 'CMD', args: '["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]' }]);
});

test.each(APP_NAMES)('starts %s the way its project serves it', (app) => {
  const project = JSON.parse(readFileSync(join(ROOT, 'apps', app, 'project.json'), 'utf8')) as {
    targets?: { serve?: { command?: string } };
  };
  expect(project.targets?.serve?.command).toBe(`node dist/apps/${app}/src/main.js`);
});

test('every file copied from the build context exists and is not excluded by .dockerignore', () => {
  const sources = instructions
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
    .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
  expect(sources.length).toBeGreaterThan(0);
  for (const source of sources)
    expect({ source, exists: existsSync(join(ROOT, source)), ignored: isIgnored(source) }).toEqual({
      source,
      exists: true,
      ignored: false,
    });
});

test('.dockerignore keeps host artefacts and local state out of the context', () => {
  for (const path of [
    'node_modules',
    'apps/api-gateway/node_modules',
    'dist',
    '.git',
    '.env',
    '.herald',
    'libs/messaging/src/publisher.spec.ts',
  ])
    expect({ path, ignored: isIgnored(path) }).toEqual({ path, ignored: true });
  for (const path of ['apps/api-gateway/src/main.ts', 'libs/messaging/src/index.ts', 'tools/build.js'])
    expect({ path, ignored: isIgnored(path) }).toEqual({ path, ignored: false });
});

test('uses nothing the legacy builder (the only one here) rejects', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  expect(text).not.toMatch(/^#\s*syntax=|--mount=|<<\s*EOF|^COPY --link/im);
});

test('keeps s3rver (npm start and tests only) out of the production image', () => {
  type Manifest = Record<string, Record<string, string> | undefined>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  expect(pkg.dependencies?.s3rver).toBeUndefined();
  expect(pkg.devDependencies?.s3rver).toBeDefined();
  type Lock = { packages: Record<string, { dev?: boolean }> };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
  expect(lock.packages['node_modules/s3rver']?.dev).toBe(true);
  // npm start loads it lazily; a static import there would fail in an image without it.
  expect(readFileSync(join(ROOT, 'tools/dev/start.ts'), 'utf8')).not.toMatch(/^import S3rver/m);
});
