import { createTestDatabase, TestDatabase } from '@herald/testing';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { createSchemaDataSource, inTransaction, runMigrations } from '../src';

const SCHEMA = 'sample';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    // Slow on purpose: a second migrator must wait on the advisory lock, not run this again.
    await runner.query('SELECT pg_sleep(0.2)');
    await runner.query(`CREATE TABLE "${SCHEMA}".widgets (id int PRIMARY KEY)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${SCHEMA}".widgets`);
  }
}

function dataSource(url: string) {
  return createSchemaDataSource({
    databaseUrl: url,
    schema: SCHEMA,
    migrations: [CreateWidgets1700000000000],
    poolSize: 2,
    applicationName: 'persistence-test',
  });
}

describe('persistence', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('persistence');
  });
  afterAll(() => database.drop());

  it('runs each migration once even when replicas start together, inside the service schema', async () => {
    const replicas = [dataSource(database.url), dataSource(database.url), dataSource(database.url)];
    await Promise.all(replicas.map((replica) => replica.initialize()));
    const ran = await Promise.all(replicas.map((replica) => runMigrations(replica, SCHEMA)));
    expect(ran.flat()).toEqual(['CreateWidgets1700000000000']);
    const [{ count }] = await replicas[0].query(`SELECT count(*)::int AS count FROM "${SCHEMA}".migrations`);
    expect(count).toBe(1);
    await Promise.all(replicas.map((replica) => replica.destroy()));
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    const source = dataSource(database.url);
    await source.initialize();
    await runMigrations(source, SCHEMA);
    await expect(
      inTransaction(source, async (manager) => {
        await manager.query(`INSERT INTO "${SCHEMA}".widgets VALUES (1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await inTransaction(source, (manager) => manager.query(`INSERT INTO "${SCHEMA}".widgets VALUES (2)`));
    const rows = await source.query(`SELECT id FROM "${SCHEMA}".widgets`);
    expect(rows).toEqual([{ id: 2 }]);
    await source.destroy();
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() =>
      createSchemaDataSource({
        databaseUrl: database.url,
        schema: 'x"; drop',
        migrations: [],
        poolSize: 1,
        applicationName: 't',
      }),
    ).toThrow(/invalid schema/);
  });
});
