import {
  buildJobDispatchFixture,
  type Envelope,
  INBOX_MESSAGE_CREATED_V1,
  type InboxMessageCreatedData,
  type JobDispatchData,
  JobStatus,
} from '@herald/contracts';
import type { MessageRecorder, RunnerTestWorld } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { type InAppRunnerWorld, startInAppRunnerWorld } from './support/in-app-runner-world';

/** Safe output in the inbox (issue 13, decision 0028): what the runner stores is what clients render. */
describe('runner-in-app: safe output', () => {
  let t: InAppRunnerWorld;
  let world: RunnerTestWorld;
  let db: DataSource;
  let created: MessageRecorder<InboxMessageCreatedData>;

  beforeAll(async () => {
    t = await startInAppRunnerWorld();
    ({ world, db } = t);
    created = await world.broker.record<InboxMessageCreatedData>([INBOX_MESSAGE_CREATED_V1]);
  });

  afterAll(() => t?.close());

  const hostile = {
    name: '<script>alert(1)</script>',
    photo: '<img src=x onerror=alert(2)>',
    url: 'javascript:alert(3)',
  };
  const template = {
    subject: 'Hi {{ payload.name }}',
    body: '<p style="color:red">From <b>{{ payload.name }}</b> {{ payload.photo }}</p>',
    primaryAction: { label: '<i>Open</i>{{ payload.name }}', redirect: { url: '/posts/1' } },
  };

  function job(controlValues: Record<string, unknown>): JobDispatchData {
    const base = buildJobDispatchFixture({ payload: hostile }, 'in_app');
    return { ...base, step: { ...base.step, controlValues } };
  }
  const rowsOf = (data: JobDispatchData) =>
    db.query(
      `SELECT subject, body, primary_action, secondary_action, redirect FROM runner_in_app.inbox_messages
       WHERE environment_id = $1 AND delivery_key = $2`,
      [data.environmentId, data.deliveryKey],
    );
  /** Announcements (`inbox.message-created.v1`) of the job's message whose envelope contains `text`. */
  const announcementsWith = async (data: JobDispatchData, text: string): Promise<number> => {
    const ofJob = (event: Envelope<InboxMessageCreatedData>) => event.data.message.transactionId === data.transactionId;
    await created.waitFor(ofJob);
    return created.where((event) => ofJob(event) && JSON.stringify(event).includes(text)).length;
  };

  it('sanitizes payload HTML as Novu does and keeps the template’s own markup', async () => {
    const data = job(template);
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(await rowsOf(data)).toEqual([
      {
        subject: 'Hi ',
        body: '<p style="color:red">From <b></b> <img src="x" /></p>',
        primary_action: { label: '<i>Open</i>', redirect: { url: '/posts/1' } },
        secondary_action: null,
        redirect: null,
      },
    ]);
    expect(await announcementsWith(data, '')).toBe(1);
    expect(await announcementsWith(data, '<script>')).toBe(0);
  });

  it('stores content as rendered when the step sets disableOutputSanitization: true', async () => {
    const data = job({ ...template, disableOutputSanitization: true });
    await world.dispatch(data);
    expect(await world.outcomeOf(data.jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    const [row] = await rowsOf(data);
    expect(row).toMatchObject({
      subject: 'Hi <script>alert(1)</script>',
      body: '<p style="color:red">From <b><script>alert(1)</script></b> <img src=x onerror=alert(2)></p>',
    });
  });

  it.each([
    ['redirect.url', { redirect: { url: '{{ payload.url }}' } }],
    ['primaryAction.redirect.url', { primaryAction: { label: 'Open', redirect: { url: ' JavaScript:alert(1)' } } }],
    ['secondaryAction.redirect.url', { secondaryAction: { label: 'D', redirect: { url: 'data:text/html,<b>1</b>' } } }],
  ])('fails the job and stores nothing when %s is not an http(s) or relative URL', async (path, links) => {
    const data = job({ body: 'x', ...links, disableOutputSanitization: true });
    await world.dispatch(data);
    const outcome = await world.outcomeOf(data.jobId);
    expect(outcome).toMatchObject({ status: JobStatus.FAILED, error: { code: 'unsafe_url', retryable: false } });
    expect(outcome.error?.message.startsWith(`${path} must be an http(s) or relative URL`)).toBe(true);
    expect(JSON.stringify(outcome)).not.toMatch(/alert/);
    expect(await rowsOf(data)).toEqual([]);
  });
});
