import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { collectPublications, Messaging, publishAfterCommit, publishCollected } from '../src';
import { BrokerProbe, memoryLogger, queueFamily } from './support/broker-test-kit';
import { createMessagingTestDatabase, MessagingTestDatabase } from './support/database-test-kit';

jest.setTimeout(60_000);

const TYPE = 'after-commit.test-event.v1';

/** Decision 0048: what a transaction decided, published after its commit — or by the outbox when the broker does not confirm it. */
describe('publishing after commit', () => {
  const url = testServiceUrls().amqpUrl;
  const logger = memoryLogger();
  const messaging = new Messaging({
    url,
    serviceName: 'after-commit-test',
    namePrefix: uniqueTestPrefix('msg_after_commit'),
    logger,
  });
  const received = new Set<string>();
  let db: MessagingTestDatabase;
  let probe: BrokerProbe;

  const outboxed = async (id: string): Promise<number> =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${db.schema}.outbox WHERE message_id = $1`, [id]))[0].n;
  const target = () => ({ publisher: messaging.publisher, dataSource: db.dataSource, schema: db.schema, logger });

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    db = await createMessagingTestDatabase('msg_after_commit');
    messaging.consume({
      service: 'after-commit-test',
      purpose: 'events',
      routingKeys: [TYPE],
      prefetch: 10,
      handler: async (envelope) => void received.add(envelope.id),
    });
    await messaging.waitUntilReady(10_000);
  });

  afterAll(async () => {
    await messaging.stop();
    await probe.deleteAll(queueFamily(messaging.names.workQueue('after-commit-test', 'events'), [1000, 10000, 60000]), [
      messaging.names.exchange,
    ]);
    await probe.close();
    await db.close();
  });

  it('collects a collecting transaction’s messages and publishes them after the commit, writing no outbox row', async () => {
    const envelope = createEnvelope(TYPE, 'env-1', { n: 1 });
    const collected = await db.dataSource.transaction(async (manager) => {
      const list = collectPublications(manager);
      await publishAfterCommit(manager, db.schema, [{ envelope }]);
      return list;
    });
    expect(collected.map((message) => message.envelope.id)).toEqual([envelope.id]);
    expect(received.has(envelope.id)).toBe(false);
    await publishCollected(target(), collected);
    await expectEventually(async () => expect(received.has(envelope.id)).toBe(true));
    expect(await outboxed(envelope.id)).toBe(0);
  });

  it('hands what the broker does not take to the outbox, and writes to the outbox where nothing collects', async () => {
    const routed = createEnvelope(TYPE, 'env-1', { n: 2 });
    // Mandatory and bound to no queue: the broker returns it, the publish rejects.
    const unroutable = createEnvelope('after-commit.nobody-listens.v1', 'env-1', { n: 3 });
    await publishCollected(target(), [{ envelope: routed }, { envelope: unroutable }]);
    await expectEventually(async () => expect(received.has(routed.id)).toBe(true));
    expect(await outboxed(routed.id)).toBe(0);
    expect(await outboxed(unroutable.id)).toBe(1);

    const plain = createEnvelope(TYPE, 'env-1', { n: 4 });
    await db.dataSource.transaction((manager) => publishAfterCommit(manager, db.schema, [{ envelope: plain }]));
    expect(await outboxed(plain.id)).toBe(1);
  });
});
