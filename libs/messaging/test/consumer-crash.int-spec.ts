import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { BrokerConnection, MessageConsumer, MessagePublisher, processOnce, TopologyNames } from '../src';
import { BrokerProbe, destroyConnectionSocket, memoryLogger, queueFamily } from './support/broker-test-kit';
import { createMessagingTestDatabase, MessagingTestDatabase } from './support/database-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const MESSAGES = 2_000;
const KILL_AT = 700;
const TYPE = 'crash.test-message.v1';
const RETRY_DELAYS = [200];

describe('consumer connection killed mid-stream', () => {
  const url = testServiceUrls().amqpUrl;
  const logger = memoryLogger();
  const names = new TopologyNames({ namePrefix: uniqueTestPrefix('msg_crash') });
  const publishConnection = new BrokerConnection({ url, connectionName: 'crash-test:publish', logger });
  const consumeConnection = new BrokerConnection({
    url,
    connectionName: 'crash-test:consume',
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    logger,
  });
  const publisher = new MessagePublisher(publishConnection, { exchange: names.exchange, logger });
  let db: MessagingTestDatabase;
  let probe: BrokerProbe;
  let consumer: MessageConsumer<{ n: number }> | undefined;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    db = await createMessagingTestDatabase('msg_crash');
    // No unique constraint on purpose: a duplicated effect shows up as an extra row.
    await db.dataSource.query(`CREATE TABLE ${db.schema}.effects (message_id uuid NOT NULL, n integer NOT NULL)`);
  });

  afterAll(async () => {
    await consumer?.stop();
    await publisher.stop();
    await Promise.all([publishConnection.close(), consumeConnection.close()]);
    await probe.deleteAll(queueFamily(names.workQueue('crash-test', 'effects'), RETRY_DELAYS), [names.exchange]);
    await probe.close();
    await db.close();
  });

  it('still applies every message exactly once thanks to the ledger and the transaction', async () => {
    const scope = { dataSource: db.dataSource, schema: db.schema, consumer: 'crash-test.effects' };
    let handled = 0;
    let duplicatesSkipped = 0;
    let killed = false;
    consumer = new MessageConsumer<{ n: number }>(
      { connection: consumeConnection, publisher, names, logger },
      {
        service: 'crash-test',
        purpose: 'effects',
        routingKeys: [TYPE],
        prefetch: 50,
        retry: { delaysMs: RETRY_DELAYS, maxRetries: 5 },
        handler: async (envelope) => {
          const outcome = await processOnce(scope, envelope.id, async (manager) => {
            await manager.query(`INSERT INTO ${db.schema}.effects (message_id, n) VALUES ($1, $2)`, [
              envelope.id,
              envelope.data.n,
            ]);
            // Cut the connection while this transaction is about to commit: its ack cannot reach
            // the broker, so the message comes back although its effect is already committed.
            if (envelope.data.n === KILL_AT && !killed) {
              killed = true;
              destroyConnectionSocket(consumeConnection);
            }
          });
          if (outcome.duplicate) duplicatesSkipped += 1;
          else handled += 1;
        },
      },
    );
    await expectEventually(() => expect(consumer?.isReady).toBe(true));

    await Promise.all(
      Array.from({ length: MESSAGES }, (_, n) => publisher.publish(createEnvelope(TYPE, 'env_test', { n }))),
    );

    await expectEventually(
      async () => {
        const [row] = await db.dataSource.query(
          `SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct_ids FROM ${db.schema}.effects`,
        );
        expect(row).toEqual({ total: MESSAGES, distinct_ids: MESSAGES });
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    await expectEventually(async () => expect(await probe.depth(consumer!.queue)).toBe(0));
    expect(killed).toBe(true);
    expect(handled).toBe(MESSAGES);
    // At least the message whose commit raced the kill came back and was recognised by the ledger.
    expect(duplicatesSkipped).toBeGreaterThanOrEqual(1);
    expect(logger.lines.some((line) => line.includes('broker connection lost; reconnecting'))).toBe(true);
    const [ledger] = await db.dataSource.query(
      `SELECT count(*)::int AS total FROM ${db.schema}.processed_messages WHERE consumer = $1`,
      [scope.consumer],
    );
    expect(ledger.total).toBe(MESSAGES);
    expect(await probe.depth(`${consumer.queue}.dead`)).toBe(0);
  });
});
