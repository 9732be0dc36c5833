import { buildRunnerIntegrationFixture } from '@herald/contracts';

import { MAX_FAILOVER_CANDIDATES, selectIntegrations } from './integration-selection';

const integration = (identifier: string, primary: boolean, priority: number, providerId = 'sendgrid') =>
  buildRunnerIntegrationFixture({ identifier, primary, priority, providerId });
const input = { channel: 'email' as const, supportedProviders: new Set(['sendgrid', 'nodemailer']), overrides: {} };
const ids = (result: ReturnType<typeof selectIntegrations>) =>
  result.ok ? result.candidates.map((candidate) => candidate.identifier) : result.failure.code;

describe('selectIntegrations', () => {
  it('orders the primary first, then by descending priority, ties in the given order', () => {
    const list = [
      integration('low', false, 1),
      integration('high', false, 9),
      integration('main', true, 0),
      integration('tie', false, 1),
    ];
    expect(ids(selectIntegrations(list, input))).toEqual(['main', 'high', 'low', 'tie']);
  });

  it('skips providers the runner cannot drive and other channels', () => {
    const list = [
      integration('mg', true, 0, 'mailgun'),
      integration('sg', false, 0),
      { ...integration('sms', false, 5), channel: 'sms' as const },
    ];
    expect(ids(selectIntegrations(list, input))).toEqual(['sg']);
    expect(selectIntegrations([integration('mg', true, 0, 'mailgun')], input)).toEqual({
      ok: false,
      failure: { code: 'provider_not_supported', message: expect.stringContaining('mailgun') },
    });
  });

  it('pins the integration named by overrides.<channel>.integrationIdentifier', () => {
    const list = [integration('main', true, 0), integration('backup', false, 1)];
    expect(
      ids(selectIntegrations(list, { ...input, overrides: { email: { integrationIdentifier: 'backup' } } })),
    ).toEqual(['backup']);
    expect(ids(selectIntegrations(list, { ...input, overrides: { email: { integrationIdentifier: 'gone' } } }))).toBe(
      'integration_not_found',
    );
  });

  it('fails without integrations and caps the candidates', () => {
    expect(ids(selectIntegrations([], input))).toBe('no_active_integration');
    const many = Array.from({ length: 8 }, (_, i) => integration(`i${i}`, false, i));
    expect(ids(selectIntegrations(many, input))).toHaveLength(MAX_FAILOVER_CANDIDATES);
  });
});
