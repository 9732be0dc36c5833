import { createTestDatabase, TestDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { createSchemaDataSource, managerOf, TransactionRunner, type Tx } from '../src';

const SCHEMA = 'tx_runner';

describe('TransactionRunner against Postgres', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runner: TransactionRunner;

  beforeAll(async () => {
    database = await createTestDatabase('tx_runner');
    dataSource = createSchemaDataSource({
      databaseUrl: database.url,
      schema: SCHEMA,
      migrations: [],
      poolSize: 2,
      applicationName: 'tx-runner-test',
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await dataSource.query(`CREATE TABLE ${SCHEMA}.units (n int PRIMARY KEY)`);
    runner = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE ${SCHEMA}.units`));

  // What a repository does with the handle it is given.
  const insert = (tx: Tx, n: number) => managerOf(tx).query(`INSERT INTO ${SCHEMA}.units (n) VALUES ($1)`, [n]);
  const stored = async (): Promise<number[]> =>
    ((await dataSource.query(`SELECT n FROM ${SCHEMA}.units ORDER BY n`)) as { n: number }[]).map((row) => row.n);

  it('commits what the work did when it resolves, and nothing when it throws', async () => {
    await runner.run((tx) => insert(tx, 1));
    await expect(
      runner.run(async (tx) => {
        await insert(tx, 2);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await stored()).toEqual([1]);
  });

  it('runs with the isolation asked for, and the database default otherwise', async () => {
    type Level = { transaction_isolation: string }[];
    const levelIn = (tx: Tx) => managerOf(tx).query('SHOW transaction_isolation') as Promise<Level>;

    expect((await runner.run(levelIn, 'SERIALIZABLE'))[0].transaction_isolation).toBe('serializable');
    expect((await runner.run(levelIn))[0].transaction_isolation).toBe('read committed');
  });

  it('rolls back only a savepoint whose work threw, and the transaction goes on', async () => {
    await runner.run(async (tx) => {
      await insert(tx, 1);
      await expect(
        runner.savepoint(tx, 'probe', async () => {
          await insert(tx, 2);
          throw new Error('group failed');
        }),
      ).rejects.toThrow('group failed');
      await runner.savepoint(tx, 'probe', () => insert(tx, 3));
    });

    expect(await stored()).toEqual([1, 3]);
  });

  it('refuses a savepoint name that is not a plain identifier', async () => {
    const hostile = runner.run((tx) => runner.savepoint(tx, 'x; DROP TABLE units', async () => 1));
    await expect(hostile).rejects.toThrow('invalid savepoint name');
  });

  it('runs statements on their own outside a transaction with autoCommit', async () => {
    await insert(runner.autoCommit, 4);

    expect(await stored()).toEqual([4]);
  });
});
