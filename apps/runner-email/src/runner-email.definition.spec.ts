import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { emailRunner } from './runner-email.definition';

/** The int-spec (under this runner's test/) in which each provider delivers against a server speaking its API. */
const DELIVERED_IN: Record<string, string> = {
  nodemailer: 'email-providers',
  sendgrid: 'email-providers',
  ses: 'ses-provider',
  mailgun: 'mailgun-provider',
  postmark: 'postmark-provider',
  resend: 'resend-provider',
  sendinblue: 'brevo-provider',
  brevo: 'brevo-provider',
};

// The gateway accepts integrations of IMPLEMENTED_PROVIDERS only (decision 0041): this runner must
// drive exactly its channel's list, and each of them must deliver in a spec.
describe('emailRunner', () => {
  const ids = emailRunner.providers.map((provider) => provider.providerId).sort();

  it('drives exactly the email providers the gateway catalog accepts', () => {
    expect(emailRunner.channel).toBe('email');
    expect(ids).toEqual([...IMPLEMENTED_PROVIDERS.email].sort());
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
