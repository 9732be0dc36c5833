import { randomUUID } from 'node:crypto';

import type { RunnerIntegration } from './integrations-rpc.contract';

/** A valid active, primary `nodemailer` integration; `overrides` win, shallowly. */
export function buildRunnerIntegrationFixture(overrides: Partial<RunnerIntegration> = {}): RunnerIntegration {
  const providerId = overrides.providerId ?? 'nodemailer';
  return {
    id: randomUUID(),
    identifier: `${providerId}-${randomUUID().slice(0, 8)}`,
    providerId,
    channel: 'email',
    name: providerId,
    primary: true,
    priority: 0,
    conditions: [],
    credentials: {},
    ...overrides,
  };
}
