import { JobStatus } from '@herald/contracts';

import { EmailApiWorld } from './support/email-api-world';

describe('runner-email: HTTP email providers and the outbound guard', () => {
  let apis: EmailApiWorld;

  beforeAll(async () => {
    apis = await EmailApiWorld.create('runner_email_http_guard', []);
  });
  afterAll(async () => apis?.close());

  it.each(['ses', 'mailgun', 'postmark', 'resend', 'sendinblue'] as const)(
    'sends %s only where the outbound guard allows',
    async (api) => {
      const data = apis.job([apis.integration(api, {}, { baseUrl: 'http://10.20.30.40', domain: 'mg.example.com' })]);
      await apis.world.dispatch(data);
      expect(await apis.world.outcomeOf(data.jobId)).toMatchObject({
        status: JobStatus.FAILED,
        providerId: api,
        error: { code: 'outbound_url_refused', retryable: false },
      });
    },
  );
});
