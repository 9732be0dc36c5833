import { createTestDatabase, TestDatabase } from '@herald/testing';
import type { DataSource, EntityManager } from 'typeorm';

import { createSchemaDataSource, TransactionBatcher } from '../src';

const SCHEMA = 'batching';

describe('TransactionBatcher against Postgres', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('tx_batcher');
    dataSource = createSchemaDataSource({
      databaseUrl: database.url,
      schema: SCHEMA,
      migrations: [],
      poolSize: 4,
      applicationName: 'batcher-test',
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await dataSource.query(`CREATE TABLE ${SCHEMA}.units (n int PRIMARY KEY, txid bigint NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => dataSource.query(`TRUNCATE ${SCHEMA}.units`));

  type Unit = { n: number; txid: string };
  const batcherOf = (maxBatch: number) =>
    new TransactionBatcher<(manager: EntityManager) => Promise<Unit>, Unit>(
      dataSource,
      async (manager, works) => {
        const units: Unit[] = [];
        for (const work of works) units.push(await work(manager));
        return units;
      },
      { maxBatch },
    );
  const insert =
    (n: number) =>
    async (manager: EntityManager): Promise<Unit> => {
      const [row] = (await manager.query(
        `INSERT INTO ${SCHEMA}.units (n, txid) VALUES ($1, txid_current()) RETURNING txid::text AS txid`,
        [n],
      )) as { txid: string }[];
      return { n, txid: row.txid };
    };

  it('runs the units of one turn in shared transactions of at most maxBatch and gives each its own result', async () => {
    const batcher = batcherOf(10);

    const results = await Promise.all(Array.from({ length: 35 }, (_, n) => batcher.run(insert(n))));

    expect(results.map((result) => result.n)).toEqual(Array.from({ length: 35 }, (_, n) => n));
    const sizes = [
      ...results
        .reduce((count, { txid }) => count.set(txid, (count.get(txid) ?? 0) + 1), new Map<string, number>())
        .values(),
    ];
    expect(sizes.sort((a, b) => b - a)).toEqual([10, 10, 10, 5]);
    const [{ stored }] = (await dataSource.query(`SELECT count(*)::int AS stored FROM ${SCHEMA}.units`)) as {
      stored: number;
    }[];
    expect(stored).toBe(35);
  });

  it('rejects only the failing unit of a batch and commits the others once, each alone', async () => {
    const batcher = batcherOf(10);
    const failing = async (manager: EntityManager): Promise<Unit> => {
      await insert(99)(manager);
      throw new Error('unit 99 fails');
    };

    const settled = await Promise.allSettled([batcher.run(insert(1)), batcher.run(failing), batcher.run(insert(2))]);

    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = (await dataSource.query(`SELECT n, txid::text AS txid FROM ${SCHEMA}.units ORDER BY n`)) as {
      n: number;
      txid: string;
    }[];
    expect(rows.map((row) => row.n)).toEqual([1, 2]);
    // The batch rolled back; the survivors committed in transactions of their own.
    expect(new Set(rows.map((row) => row.txid)).size).toBe(2);
  });

  it('runs a lone unit right away in a transaction of its own', async () => {
    const batcher = batcherOf(10);
    const first = await batcher.run(insert(1));
    const second = await batcher.run(insert(2));
    expect(first.txid).not.toBe(second.txid);
  });
});
