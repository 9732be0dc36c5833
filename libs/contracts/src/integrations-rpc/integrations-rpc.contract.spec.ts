import { formatZodIssues } from '../registry/zod-issues.formatter';
import {
  INTEGRATION_CHANGED_V1,
  integrationChangedDataSchema,
  INTEGRATIONS_LIST_FOR_RUNNER_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  integrationsListForRunnerResponseSchema,
} from './integrations-rpc.contract';
import { buildRunnerIntegrationFixture } from './integrations-rpc.fixture';

describe('integrations RPC and events', () => {
  it('names the method and the event with versioned keys', () => {
    expect(INTEGRATIONS_LIST_FOR_RUNNER_V1).toBe('integrations.list-for-runner.v1');
    expect(INTEGRATIONS_LIST_FOR_RUNNER_V2).toBe('integrations.list-for-runner.v2');
    expect(INTEGRATION_CHANGED_V1).toBe('integration.changed.v1');
  });

  it('accepts a list of runner integrations', () => {
    const list = [
      buildRunnerIntegrationFixture(),
      buildRunnerIntegrationFixture({
        providerId: 'sendgrid',
        primary: false,
        priority: 3,
        credentials: { apiKey: 'k' },
      }),
    ];
    expect(integrationsListForRunnerResponseSchema.parse(list)).toEqual(list);
  });

  it('rejects an integration without channel or credentials', () => {
    const { credentials: _credentials, ...withoutCredentials } = buildRunnerIntegrationFixture();
    const result = integrationsListForRunnerResponseSchema.safeParse([{ ...withoutCredentials, channel: 'fax' }]);
    expect(result.success ? [] : formatZodIssues(result.error, 'data')).toEqual([
      expect.stringMatching(/^data\[0\]\.channel: Invalid enum value/),
      'data[0].credentials: Required',
    ]);
  });

  it('accepts a change event and refuses an unknown change kind', () => {
    const event = { environmentId: 'env', integrationId: 'int', channel: 'sms', change: 'updated' };
    expect(integrationChangedDataSchema.parse(event)).toEqual(event);
    expect(integrationChangedDataSchema.safeParse({ ...event, change: 'renamed' }).success).toBe(false);
  });
});
