import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Proves the architecture's boundaries are enforced by the lint `npm test` runs, not just written down.
const root = path.resolve(__dirname, '..', '..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints `code` as if it were the file at `filePath`, through the real CLI and config. */
async function lintAs(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: root,
    input: code,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('module boundaries', () => {
  // The rule reads Nx's cached project graph and silently skips itself without one: build it first.
  beforeAll(() => {
    const graph = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'projects'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      },
    );
    expect(graph.status).toBe(0);
  });

  it('fails when a runner imports another runner', async () => {
    const messages = await lintAs(
      'apps/runner-sms/src/boundary-probe.ts',
      "import { x } from '../../runner-email/src/main';\nexport const y = x;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('fails when contracts import a framework', async () => {
    const messages = await lintAs(
      'libs/contracts/src/boundary-probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('fails when production code imports the test harness', async () => {
    const messages = await lintAs(
      'apps/trigger-worker/src/boundary-probe.ts',
      "import { expectEventually } from '@herald/testing';\nexport const y = expectEventually;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports|enforce-module-boundaries/);
  });

  it('fails when a lower tier of the gateway imports a higher one', async () => {
    const fromPipeline = await lintAs(
      'apps/api-gateway/src/pipeline/authentication/boundary-probe.ts',
      "import { WorkflowRepository } from '../../features/workflows';\nexport const y = WorkflowRepository;\n",
    );
    expect(fromPipeline.join('\n')).toMatch(/no-restricted-imports: .*below features/);
    const fromCore = await lintAs(
      'apps/api-gateway/src/core/errors/boundary-probe.ts',
      "import { REDIS } from '../../adapters/redis/redis.provider';\nexport const y = REDIS;\n",
    );
    expect(fromCore.join('\n')).toMatch(/no-restricted-imports: .*below adapters/);
  });

  it('accepts a gateway feature importing the pipeline, adapters and core', async () => {
    const messages = await lintAs(
      'apps/api-gateway/src/features/topics/boundary-probe.ts',
      "import { REDIS } from '../../adapters/redis/redis.provider';\nimport { GatewayException } from '../../core/errors/gateway.exception';\nimport { ApiKeyGuard } from '../../pipeline/authentication/api-key.guard';\nexport const y = [ApiKeyGuard, REDIS, GatewayException];\n",
    );
    expect(messages).toEqual([]);
  });

  it('fails when a use case or a lib outside persistence imports typeorm, and accepts it in a repository', async () => {
    const typeorm = "import type { EntityManager } from 'typeorm';\nexport type M = EntityManager;\n";
    const fromUseCase = await lintAs('apps/trigger-worker/src/intake/boundary-probe.usecase.ts', typeorm);
    expect(fromUseCase.join('\n')).toMatch(/no-restricted-imports: .*SQL belongs in a repository/);
    const fromGatewayTier = await lintAs('apps/api-gateway/src/pipeline/boundary-probe.ts', typeorm);
    expect(fromGatewayTier.join('\n')).toMatch(/no-restricted-imports: .*SQL belongs in a repository/);
    const fromLib = await lintAs('libs/runner-kit/src/runner/boundary-probe.ts', typeorm);
    expect(fromLib.join('\n')).toMatch(/no-restricted-imports: .*SQL belongs in a repository/);
    const unwrap =
      "import { managerOf, type Tx } from '@herald/persistence';\n" + 'export const m = (tx: Tx) => managerOf(tx);\n';
    const fromStep = await lintAs('apps/trigger-worker/src/steps/boundary-probe.ts', unwrap);
    expect(fromStep.join('\n')).toMatch(/no-restricted-imports: .*managerOf/);
    expect(await lintAs('apps/trigger-worker/src/intake/boundary-probe.repository.ts', typeorm)).toEqual([]);
    expect(await lintAs('apps/trigger-worker/src/intake/boundary-probe.repository.ts', unwrap)).toEqual([]);
  });

  it('accepts an app importing a shared lib', async () => {
    const messages = await lintAs(
      'apps/runner-sms/src/boundary-probe.ts',
      "import { createEnvelope } from '@herald/contracts';\nexport const y = createEnvelope;\n",
    );
    expect(messages).toEqual([]);
  });

  it('fails on imports out of order', async () => {
    const messages = await lintAs(
      'apps/runner-sms/src/boundary-probe.ts',
      "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nexport const y = [z, readFileSync];\n",
    );
    expect(messages.join('\n')).toMatch(/simple-import-sort\/imports/);
  });

  it('finds an unformatted file with the configuration `prettier --check .` uses', () => {
    const prettierBin = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
    const format = (code: string) =>
      spawnSync(process.execPath, [prettierBin, '--stdin-filepath', 'apps/runner-sms/src/format-probe.ts'], {
        cwd: root,
        input: code,
        encoding: 'utf8',
      }).stdout;
    const formatted = "export const y = { a: 1, b: 'two' };\n";
    expect(format('export const y = {a:1,b:"two"}\n')).toBe(formatted);
    expect(format(formatted)).toBe(formatted);
    // printWidth 120: a 100-character line stays on one line.
    const wide = `export const z = [${Array.from({ length: 15 }, (_, n) => `'v${n}'`).join(', ')}];\n`;
    expect(wide.length).toBeGreaterThan(81);
    expect(format(wide)).toBe(wide);
  });
});
