import { createEnvelope, type Envelope } from '@herald/contracts';

import { batchedIdempotentHandler, type MessageContext, oneByOne } from '../src';
import { createMessagingTestDatabase, MessagingTestDatabase } from './support/database-test-kit';

jest.setTimeout(60_000);

const context: MessageContext = {
  queue: 'batch-test',
  routingKey: 'batch.test.v1',
  attempt: 1,
  redelivered: false,
  headers: {},
};
const envelopeOf = (n: number): Envelope<{ n: number }> => createEnvelope('batch.test.v1', 'env_test', { n });

describe('batchedIdempotentHandler against Postgres', () => {
  let db: MessagingTestDatabase;
  let consumerSeq = 0;

  beforeAll(async () => {
    db = await createMessagingTestDatabase('msg_batch');
    // No unique constraint on purpose: a duplicated effect shows up as an extra row.
    await db.dataSource.query(
      `CREATE TABLE ${db.schema}.effects (consumer text NOT NULL, message_id uuid NOT NULL, n integer NOT NULL, txid bigint NOT NULL)`,
    );
  });

  afterAll(async () => {
    await db.close();
  });

  /** A handler whose work writes one effect row per message, tagged with its transaction id. */
  function handlerFor(maxBatch: number, fail: (n: number) => boolean = () => false) {
    const consumer = `batch-test-${(consumerSeq += 1)}`;
    const handler = batchedIdempotentHandler<{ n: number }>(
      { dataSource: db.dataSource, schema: db.schema, consumer },
      oneByOne(async (envelope, manager) => {
        await manager.query(
          `INSERT INTO ${db.schema}.effects (consumer, message_id, n, txid) VALUES ($1, $2, $3, txid_current())`,
          [consumer, envelope.id, envelope.data.n],
        );
        if (fail(envelope.data.n)) throw new Error(`message ${envelope.data.n} fails`);
      }),
      { maxBatch },
    );
    const effects = async () =>
      (await db.dataSource.query(
        `SELECT n, txid::text AS txid FROM ${db.schema}.effects WHERE consumer = $1 ORDER BY n`,
        [consumer],
      )) as { n: number; txid: string }[];
    return { handler, effects };
  }

  it('applies deliveries that arrive together in shared transactions of at most maxBatch, each once', async () => {
    const { handler, effects } = handlerFor(25);
    const envelopes = Array.from({ length: 200 }, (_, n) => envelopeOf(n));

    await Promise.all(envelopes.map((envelope) => handler(envelope, context)));

    const rows = await effects();
    expect(rows.map((row) => row.n)).toEqual(envelopes.map((_, n) => n));
    const perTransaction = new Map<string, number>();
    for (const row of rows) perTransaction.set(row.txid, (perTransaction.get(row.txid) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(25);
    expect(perTransaction.size).toBeLessThan(200);
  });

  it('runs a message delivered twice (in one batch and again later) once', async () => {
    const { handler, effects } = handlerFor(50);
    const envelope = envelopeOf(7);

    await Promise.all([handler(envelope, context), handler(envelope, context), handler(envelopeOf(8), context)]);
    await handler(envelope, context);

    expect((await effects()).map((row) => row.n)).toEqual([7, 8]);
  });

  it('fails only the failing delivery of a batch; the others commit once and its ledger row does not', async () => {
    const { handler, effects } = handlerFor(50, (n) => n === 3);
    const envelopes = Array.from({ length: 10 }, (_, n) => envelopeOf(n));

    const results = await Promise.allSettled(envelopes.map((envelope) => handler(envelope, context)));

    expect(results.map((result) => result.status)).toEqual(
      envelopes.map((_, n) => (n === 3 ? 'rejected' : 'fulfilled')),
    );
    expect((await effects()).map((row) => row.n)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    // Its ledger row rolled back with its work, so the consumer's retry runs it; the others' rows committed.
    const ledger = (await db.dataSource.query(
      `SELECT message_id FROM ${db.schema}.processed_messages WHERE message_id = ANY($1::uuid[])`,
      [envelopes.map((envelope) => envelope.id)],
    )) as { message_id: string }[];
    expect(ledger.map((row) => row.message_id).sort()).toEqual(
      envelopes
        .filter((_, n) => n !== 3)
        .map((envelope) => envelope.id)
        .sort(),
    );
  });

  it('hands set-based work the new messages of a batch together, in delivery order, without the ones seen before', async () => {
    const calls: number[][] = [];
    const handler = batchedIdempotentHandler<{ n: number }>(
      { dataSource: db.dataSource, schema: db.schema, consumer: `batch-test-${(consumerSeq += 1)}` },
      async (envelopes) => void calls.push(envelopes.map((envelope) => envelope.data.n)),
      { maxBatch: 10 },
    );
    const seen = envelopeOf(100);
    await handler(seen, context);
    calls.length = 0;

    await Promise.all(
      [seen, ...Array.from({ length: 30 }, (_, n) => envelopeOf(n))].map((envelope) => handler(envelope, context)),
    );

    expect(calls.flat()).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(Math.max(...calls.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(Math.max(...calls.map((batch) => batch.length))).toBeLessThanOrEqual(10);
  });
});
