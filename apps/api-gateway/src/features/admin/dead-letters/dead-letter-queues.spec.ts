import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { DEAD_LETTER_WORK_QUEUES, knownWorkQueue } from './dead-letter-queues';

const ROOT = path.resolve(__dirname, '../../../../../..');
const RUNNERS = ['runner-email', 'runner-sms', 'runner-push', 'runner-chat', 'runner-in-app'];

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [file] : [];
  });
}

/** Every `purpose: '…'` / `…_PURPOSE = '…'` the services and runner-kit declare (as the k8s broker spec finds them). */
function declaredPurposes(): Set<string> {
  const files = [...sources(path.join(ROOT, 'apps')), ...sources(path.join(ROOT, 'libs/runner-kit/src'))];
  const purposes = new Set<string>();
  for (const file of files)
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:purpose: |_PURPOSE = )'([a-z0-9-]+)'/g))
      purposes.add(match[1]);
  return purposes;
}

describe('DEAD_LETTER_WORK_QUEUES', () => {
  it('names the runners’ dispatch queues and the trigger worker’s queues', () => {
    expect(DEAD_LETTER_WORK_QUEUES).toEqual(
      expect.arrayContaining([
        'trigger-worker.trigger-requested',
        'trigger-worker.job-status',
        ...RUNNERS.map((runner) => `${runner}.dispatch`),
      ]),
    );
  });

  it('names only purposes the source declares', () => {
    const purposes = declaredPurposes();
    expect(DEAD_LETTER_WORK_QUEUES.filter((queue) => !purposes.has(queue.split('.')[1]))).toEqual([]);
  });

  it('accepts a queue by its work or .dead name and nothing else', () => {
    expect(knownWorkQueue('runner-email.dispatch.dead')).toBe('runner-email.dispatch');
    expect(knownWorkQueue('runner-email.dispatch')).toBe('runner-email.dispatch');
    expect(knownWorkQueue('api-gateway.rpc')).toBeUndefined();
    expect(knownWorkQueue('../x')).toBeUndefined();
  });
});
