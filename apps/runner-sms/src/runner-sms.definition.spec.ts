import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { smsRunner } from './runner-sms.definition';

/** The int-spec (under this runner's test/) in which each provider delivers against a server speaking its API. */
const DELIVERED_IN: Record<string, string> = {
  twilio: 'sms-providers',
  nexmo: 'nexmo-provider',
  plivo: 'plivo-provider',
  sns: 'sns-provider',
  messagebird: 'messagebird-provider',
  'sms-webhook': 'sms-providers',
};

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only (decision 0041): this runner must
// drive exactly its channel's list, and each of them must deliver in a spec.
describe('smsRunner', () => {
  const ids = smsRunner.providers.map((provider) => provider.providerId).sort();

  it('drives exactly the sms providers the gateway catalog accepts', () => {
    expect(smsRunner.channel).toBe('sms');
    expect(ids).toEqual([...IMPLEMENTED_PROVIDERS.sms].sort());
  });

  it('names, for every provider, the int-spec in which it delivers', () => {
    expect(Object.keys(DELIVERED_IN).sort()).toEqual(ids);
    for (const [providerId, spec] of Object.entries(DELIVERED_IN)) {
      const path = join(__dirname, '..', 'test', `${spec}.int-spec.ts`);
      expect([providerId, existsSync(path)]).toEqual([providerId, true]);
      expect(readFileSync(path, 'utf8')).toContain(`'${providerId}'`);
    }
  });
});
