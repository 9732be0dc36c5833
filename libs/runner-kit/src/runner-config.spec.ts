import { randomBytes } from 'node:crypto';

import { ConfigValidationError, DEV_SECRETS } from '@herald/config';

import { runnerConfig } from './runner-config';

const HINT = 'generate one with: openssl rand -base64 32';
const FETCHING_RUNNERS = ['email', 'sms', 'push', 'chat'] as const;

function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('runner configuration: the runner credentials key (decision 0031)', () => {
  it.each(FETCHING_RUNNERS)('runner-%s in production refuses a missing, published or short key', (channel) => {
    const config = runnerConfig(channel);
    const production = (env: Record<string, string> = {}) =>
      problemsOf(() => config.load({ NODE_ENV: 'production', ...env }));
    expect(production()).toEqual([`RUNNER_CREDENTIALS_KEY is required in production (${HINT})`]);
    expect(production({ RUNNER_CREDENTIALS_KEY: DEV_SECRETS.RUNNER_CREDENTIALS_KEY })).toEqual([
      `RUNNER_CREDENTIALS_KEY is a development value published in the Herald repository; set your own (${HINT})`,
    ]);
    expect(production({ RUNNER_CREDENTIALS_KEY: randomBytes(16).toString('base64') })).toEqual([
      `RUNNER_CREDENTIALS_KEY carries 16 bytes, production needs at least 32 (${HINT})`,
    ]);
    expect(
      production({
        RUNNER_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
        RUNNER_CREDENTIALS_KEY_PREVIOUS: DEV_SECRETS.RUNNER_CREDENTIALS_KEY,
      }),
    ).toEqual([expect.stringMatching(/^RUNNER_CREDENTIALS_KEY_PREVIOUS entry 1 is a development value/)]);
  });

  it.each(FETCHING_RUNNERS)('runner-%s takes the key and the previous ones; dev mode needs none', (channel) => {
    const [current, previous] = [randomBytes(32), randomBytes(32)];
    const loaded = runnerConfig(channel).load({
      NODE_ENV: 'production',
      RUNNER_CREDENTIALS_KEY: current.toString('base64'),
      RUNNER_CREDENTIALS_KEY_PREVIOUS: previous.toString('base64'),
    });
    expect(loaded.RUNNER_CREDENTIALS_KEY).toEqual(current);
    expect(loaded.RUNNER_CREDENTIALS_KEY_PREVIOUS).toEqual([previous]);
    expect(runnerConfig(channel).load({}).RUNNER_CREDENTIALS_KEY).toEqual(
      Buffer.from(DEV_SECRETS.RUNNER_CREDENTIALS_KEY, 'base64'),
    );
  });

  it('runner-in-app fetches no integrations, so it has no credentials key to require', () => {
    const config = runnerConfig('in_app');
    expect(Object.keys(config.variables)).not.toContain('RUNNER_CREDENTIALS_KEY');
    expect(problemsOf(() => config.load({ NODE_ENV: 'production' }))).toEqual([]);
  });
});
