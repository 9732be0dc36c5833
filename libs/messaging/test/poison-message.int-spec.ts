import { createEnvelope } from '@herald/contracts';
import { expectEventually, SupervisedTestProcess, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { deadLetterQueueName, HeraldHeader, Messaging, suspectQueueName } from '../src';
import { BrokerProbe, memoryLogger, queueFamily } from './support/broker-test-kit';
import { createMessagingTestDatabase, MessagingTestDatabase } from './support/database-test-kit';

// Child processes boot through swc-node and die on purpose: give the suite room.
jest.setTimeout(180_000);

const TYPE = 'poison.test-message.v1';
const INNOCENT = 40;
const POISON_AT = 4;
const BATCH = 10;
const CRASHES = 3;
const MARKER = `poison-pill-${process.pid}`;

describe('a message that kills its consumer process', () => {
  const url = testServiceUrls().amqpUrl;
  const prefix = uniqueTestPrefix('msg_poison');
  const messaging = new Messaging({
    url,
    serviceName: 'poison-test-publisher',
    namePrefix: prefix,
    logger: memoryLogger(),
  });
  const queue = messaging.names.workQueue('poison-test', 'effects');
  let db: MessagingTestDatabase;
  let probe: BrokerProbe;
  let consumer: SupervisedTestProcess | undefined;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    db = await createMessagingTestDatabase('msg_poison');
    // No unique constraint on purpose: an effect applied twice shows up as a second row.
    await db.dataSource.query(
      `CREATE TABLE ${db.schema}.effects (message_id uuid NOT NULL, n integer NOT NULL, pid integer NOT NULL)`,
    );
    await db.dataSource.query(
      `CREATE TABLE ${db.schema}.quarantined (message_id uuid PRIMARY KEY, reason text NOT NULL)`,
    );
  });

  afterAll(async () => {
    await consumer?.stop();
    await messaging.stop();
    await probe.deleteAll(queueFamily(queue), [messaging.names.exchange]);
    await probe.close();
    await db.close();
  });

  it('is handled alone after a crash, quarantined after N crashes; its batch-mates are applied once', async () => {
    await messaging.declareWorkQueue({ service: 'poison-test', purpose: 'effects', routingKeys: [TYPE] });
    const envelopes = Array.from({ length: INNOCENT + 1 }, (_, n) =>
      createEnvelope(TYPE, 'env_test', n === POISON_AT ? { n, note: MARKER } : { n }),
    );
    for (const envelope of envelopes) await messaging.publisher.publish(envelope);
    const poison = envelopes[POISON_AT];

    consumer = new SupervisedTestProcess('libs/messaging/test/support/poison-consumer.process.ts', {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      POISON_TEST_SCHEMA: db.schema,
      POISON_TEST_DATABASE_URL: db.database.url,
      POISON_TEST_AMQP_URL: url,
      POISON_TEST_PREFIX: prefix,
      POISON_TEST_MARKER: MARKER,
      POISON_TEST_CRASHES: String(CRASHES),
      POISON_TEST_BATCH: String(BATCH),
    });
    const dead = deadLetterQueueName(queue);
    try {
      await expectEventually(
        async () => {
          expect(await probe.depth(dead)).toBe(1);
          const [{ applied }] = await db.dataSource.query(`SELECT count(*)::int AS applied FROM ${db.schema}.effects`);
          expect(applied).toBe(INNOCENT);
        },
        { timeoutMs: 150_000, intervalMs: 250 },
      );
      await consumer.waitUntilReady();
      await expectEventually(
        async () => expect([await probe.depth(queue), await probe.depth(suspectQueueName(queue))]).toEqual([0, 0]),
        { timeoutMs: 20_000 },
      );
    } catch (error) {
      process.stderr.write(`--- poison consumer output ---\n${consumer.output()}\n`);
      throw error;
    }
    await consumer.stop();

    // Died once with its batch, then twice handled alone; the fourth start quarantined it unhandled.
    expect(consumer.crashes).toEqual(Array.from({ length: CRASHES }, () => ({ code: null, signal: 'SIGKILL' })));
    const quarantined = await probe.take(dead);
    expect(quarantined && quarantined.properties.messageId).toBe(poison.id);
    const headers = (quarantined && quarantined.properties.headers) || {};
    const reason = `crashed its consumer ${CRASHES} times (${CRASHES - 1} of them processed alone)`;
    expect(headers[HeraldHeader.quarantineReason]).toBe(`quarantined: ${reason}; not processed again`);
    expect(headers[HeraldHeader.deathReason]).toBe(headers[HeraldHeader.quarantineReason]);
    expect(headers[HeraldHeader.originalRoutingKey]).toBe(TYPE);
    expect(await db.dataSource.query(`SELECT message_id, reason FROM ${db.schema}.quarantined`)).toEqual([
      { message_id: poison.id, reason: headers[HeraldHeader.quarantineReason] },
    ]);

    // Every innocent message applied exactly once, the poison never.
    const applied: { n: number; copies: number }[] = await db.dataSource.query(
      `SELECT n, count(*)::int AS copies FROM ${db.schema}.effects GROUP BY n ORDER BY n`,
    );
    expect(applied).toEqual(
      envelopes
        .filter((_, n) => n !== POISON_AT)
        .map((_, index) => ({ n: index < POISON_AT ? index : index + 1, copies: 1 })),
    );
  });
});
