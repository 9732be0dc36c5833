// A consumer process for the poison-message suite: batched, idempotent effects like the worker's,
// the test hook on, and a quarantine hook that records the failure. Killed by the hook, it is
// started again by the suite's supervisor. Reads its settings from the environment the suite sets.
import { createSchemaDataSource } from '@herald/persistence';

import { batchedIdempotentHandler, Messaging, oneByOne } from '../../src';

async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const schema = env('POISON_TEST_SCHEMA');
  const dataSource = createSchemaDataSource({
    databaseUrl: env('POISON_TEST_DATABASE_URL'),
    schema,
    migrations: [],
    poolSize: 3,
    applicationName: 'poison-consumer',
  });
  await dataSource.initialize();
  const messaging = new Messaging({
    url: env('POISON_TEST_AMQP_URL'),
    serviceName: 'poison-consumer',
    namePrefix: env('POISON_TEST_PREFIX'),
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    poison: {
      testPoisonMarker: env('POISON_TEST_MARKER'),
      quarantineAfterCrashes: Number(env('POISON_TEST_CRASHES')),
      suspectPollMs: 200,
    },
  });
  const batch = Number(env('POISON_TEST_BATCH'));
  messaging.consume<{ n: number }>({
    service: 'poison-test',
    purpose: 'effects',
    routingKeys: ['poison.test-message.v1'],
    prefetch: batch,
    handler: batchedIdempotentHandler<{ n: number }>(
      { dataSource, schema, consumer: 'poison-test.effects' },
      oneByOne(async (envelope, manager) => {
        await manager.query(`INSERT INTO "${schema}".effects (message_id, n, pid) VALUES ($1, $2, $3)`, [
          envelope.id,
          envelope.data.n,
          process.pid,
        ]);
      }),
      { maxBatch: batch },
    ),
    onQuarantine: async ({ envelope, reason }) => {
      await dataSource.query(
        `INSERT INTO "${schema}".quarantined (message_id, reason) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [envelope?.id, reason],
      );
    },
  });
  await messaging.waitUntilReady(15_000);
  while (!messaging.isReady()) await new Promise((resolve) => setTimeout(resolve, 20));
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void messaging
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `poison consumer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
