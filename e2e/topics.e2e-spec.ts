import { expectEventually } from '@herald/testing';

import { ActivityFeed } from './support/activity-feed';
import { jobStatuses, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// Its own system: the broadcast case in the delivery suite would otherwise fan out to these 1,000 subscribers too.
let system: HeraldSystem;
let api: HeraldApi;
let feed: ActivityFeed;

const TOPIC_SIZE = 1_000;
// The API's own batch limits: 500 subscribers per bulk create, 100 per subscription request.
const SUBSCRIBER_BATCH = 500;
const SUBSCRIPTION_BATCH = 100;
// One poll reads 19 feed pages; every 2 s keeps it near 10 reads/s, far under the read rate limit (100/s).
const FAN_OUT_POLL = { timeoutMs: 180_000, intervalMs: 2_000 };

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

beforeAll(async () => {
  system = await startHeraldSystem('topics');
  api = new HeraldApi(system);
  feed = new ActivityFeed(api);
}, 120_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

describe('a topic of 1,000 subscribers', () => {
  it(
    'notifies every subscriber but the excluded ones, each notification completed',
    () =>
      system.withLogsOnFailure(async () => {
        const workflowId = uniqueName('release');
        const topicKey = uniqueName('customers');
        const subscriberIds = Array.from(
          { length: TOPIC_SIZE },
          (_, index) => `${topicKey}-${String(index).padStart(4, '0')}`,
        );
        // Every 20th subscriber, spread over every subscription batch.
        const excluded = subscriberIds.filter((_, index) => index % 20 === 7);
        const included = subscriberIds.filter((subscriberId) => !excluded.includes(subscriberId));
        await api.createWorkflow({
          workflowId,
          steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Version {{payload.version}} is out' } }],
        });
        for (const batch of chunks(subscriberIds, SUBSCRIBER_BATCH))
          await api.createSubscribers(batch.map((subscriberId) => ({ subscriberId, firstName: 'Customer' })));
        await api.createTopic(topicKey, 'Customers');
        for (const batch of chunks(subscriberIds, SUBSCRIPTION_BATCH)) await api.subscribeToTopic(topicKey, batch);

        const { transactionId, status } = await api.trigger({
          name: workflowId,
          to: { type: 'Topic', topicKey, exclude: excluded },
          payload: { version: '2.0' },
        });

        expect(status).toBe('processed');
        const notifications = await expectEventually(async () => {
          const all = await feed.notifications(transactionId);
          expect(all).toHaveLength(included.length);
          expect(jobStatuses(all).filter((jobs) => jobs.join() !== 'in_app:completed')).toEqual([]);
          return all;
        }, FAN_OUT_POLL);
        expect(notifications.map((notification) => notification.subscriberId).sort()).toEqual(included);
        for (const subscriberId of excluded) expect(await feed.inbox(subscriberId)).toEqual([]);
        for (const subscriberId of [included[0], included[included.length - 1]]) {
          expect(await feed.inbox(subscriberId)).toEqual([
            { transactionId, subject: null, body: 'Version 2.0 is out' },
          ]);
        }
      }),
    240_000,
  );
});
