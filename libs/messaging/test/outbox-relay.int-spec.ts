import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { Messaging, OutboxRelay, writeToOutbox } from '../src';
import { BrokerProbe, memoryLogger, queueFamily } from './support/broker-test-kit';
import { createMessagingTestDatabase, MessagingTestDatabase } from './support/database-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'outbox.test-event.v1';
const ROWS = 1_500;

describe('transactional outbox relay', () => {
  const url = testServiceUrls().amqpUrl;
  const logger = memoryLogger();
  const messaging = new Messaging({
    url,
    serviceName: 'outbox-test',
    namePrefix: uniqueTestPrefix('msg_outbox'),
    logger,
  });
  const received = new Map<string, number>();
  const relays: OutboxRelay[] = [];
  let db: MessagingTestDatabase;
  let probe: BrokerProbe;

  const relay = (options: { pollIntervalMs?: number; batchSize?: number } = {}): OutboxRelay => {
    const created = new OutboxRelay({
      dataSource: db.dataSource,
      schema: db.schema,
      publisher: messaging.publisher,
      logger,
      ...options,
    });
    relays.push(created);
    created.start();
    return created;
  };
  const unsent = async (): Promise<number> =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM ${db.schema}.outbox WHERE sent_at IS NULL`))[0].n;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    db = await createMessagingTestDatabase('msg_outbox');
    messaging.consume({
      service: 'outbox-test',
      purpose: 'events',
      routingKeys: [TYPE],
      prefetch: 200,
      handler: async (envelope) => void received.set(envelope.id, (received.get(envelope.id) ?? 0) + 1),
    });
    await messaging.waitUntilReady(10_000);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((started) => started.stop()));
  });

  afterAll(async () => {
    await messaging.stop();
    await probe.deleteAll(queueFamily(messaging.names.workQueue('outbox-test', 'events'), [1000, 10000, 60000]), [
      messaging.names.exchange,
    ]);
    await probe.close();
    await db.close();
  });

  it('delivers a row committed while no relay ran, once, when a relay starts, keeping the envelope id', async () => {
    const envelope = createEnvelope(TYPE, 'env_test', { step: 'committed-before-relay' });
    await db.dataSource.transaction((manager) => writeToOutbox(manager, db.schema, { envelope }));
    expect(received.has(envelope.id)).toBe(false);

    relay();
    await expectEventually(() => expect(received.get(envelope.id)).toBe(1));
    await expectEventually(async () => expect(await unsent()).toBe(0));
  });

  it('never relays what a rolled-back transaction wrote, and refuses to write outside a transaction', async () => {
    const envelope = createEnvelope(TYPE, 'env_test', { step: 'rolled-back' });
    await expect(
      db.dataSource.transaction(async (manager) => {
        await writeToOutbox(manager, db.schema, { envelope });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await expect(writeToOutbox(db.dataSource.manager, db.schema, { envelope })).rejects.toThrow(/inside a transaction/);
    const [row] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM ${db.schema}.outbox WHERE message_id = $1`,
      [envelope.id],
    );
    expect(row.n).toBe(0);
  });

  it('wakes up on NOTIFY instead of waiting for its (long) poll interval', async () => {
    relay({ pollIntervalMs: 120_000 });
    await expectEventually(async () => expect(await unsent()).toBe(0));
    const envelope = createEnvelope(TYPE, 'env_test', { step: 'notified' });
    await db.dataSource.transaction((manager) => writeToOutbox(manager, db.schema, { envelope }));
    await expectEventually(() => expect(received.get(envelope.id)).toBe(1), { timeoutMs: 10_000 });
  });

  it(`publishes each of ${ROWS} rows exactly once with two relays running at the same time`, async () => {
    const envelopes = Array.from({ length: ROWS }, (_, n) => createEnvelope(TYPE, 'env_test', { n }));
    for (let start = 0; start < ROWS; start += 500) {
      await db.dataSource.transaction((manager) =>
        writeToOutbox(
          manager,
          db.schema,
          envelopes.slice(start, start + 500).map((envelope) => ({ envelope })),
        ),
      );
    }
    // Small batches so both relays are busy claiming from the same rows at once.
    relay({ batchSize: 50, pollIntervalMs: 50 });
    relay({ batchSize: 50, pollIntervalMs: 50 });

    await expectEventually(() => expect(envelopes.filter((envelope) => received.has(envelope.id))).toHaveLength(ROWS), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await expectEventually(async () => expect(await unsent()).toBe(0));
    expect(envelopes.filter((envelope) => received.get(envelope.id) !== 1)).toEqual([]);
  });
  it('drops a non-mandatory row nobody listens to, and keeps retrying a mandatory one', async () => {
    const unheard = 'outbox.nobody-listens.v1';
    const optional = createEnvelope(unheard, 'env_test', { step: 'optional' });
    const required = createEnvelope(unheard, 'env_test', { step: 'required' });
    await db.dataSource.transaction((manager) =>
      writeToOutbox(manager, db.schema, [
        { envelope: optional, mandatory: false },
        { envelope: required, mandatory: true },
      ]),
    );
    const sentAt = async (id: string) =>
      (
        await db.dataSource.query(`SELECT sent_at, attempts FROM ${db.schema}.outbox WHERE message_id = $1`, [id])
      )[0] as { sent_at: Date | null; attempts: number };

    relay();
    await expectEventually(async () => {
      expect((await sentAt(optional.id)).sent_at).not.toBeNull();
      expect((await sentAt(required.id)).attempts).toBeGreaterThanOrEqual(1);
    });
    expect((await sentAt(required.id)).sent_at).toBeNull();
    await db.dataSource.query(`DELETE FROM ${db.schema}.outbox WHERE message_id = $1`, [required.id]);
  });
});
