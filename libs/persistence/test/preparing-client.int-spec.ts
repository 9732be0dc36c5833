import { createTestDatabase, TestDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { createSchemaDataSource } from '../src';

const SCHEMA = 'preparing';

describe('PreparingClient: parameterized statements prepared once per connection', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('preparing');
    dataSource = createSchemaDataSource({
      databaseUrl: database.url,
      schema: SCHEMA,
      migrations: [],
      poolSize: 1,
      applicationName: 'preparing-test',
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await dataSource.query(`CREATE TABLE ${SCHEMA}.items (id int PRIMARY KEY, label text NOT NULL)`);
    await dataSource.query(`INSERT INTO ${SCHEMA}.items VALUES (1, 'one'), (2, 'two')`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** The connection's prepared statements whose text reads the items table (one connection in the pool). */
  const preparedOnItems = async (): Promise<string[]> =>
    (
      (await dataSource.query(
        `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%${SCHEMA}.items WHERE%' ORDER BY name`,
      )) as { name: string }[]
    ).map((row) => row.name);

  it('runs a parameterized statement as one named statement, whatever its parameters', async () => {
    const select = `SELECT * FROM ${SCHEMA}.items WHERE id = $1`;
    expect(await dataSource.query(select, [1])).toEqual([{ id: 1, label: 'one' }]);
    expect(await dataSource.query(select, [2])).toEqual([{ id: 2, label: 'two' }]);
    expect(await preparedOnItems()).toHaveLength(1);
  });

  it('prepares again under a new name once a table changed under a prepared result', async () => {
    const select = `SELECT * FROM ${SCHEMA}.items WHERE id > $1 ORDER BY id`;
    expect(await dataSource.query(select, [0])).toHaveLength(2);
    // A newer release's migration adds a column while this process runs.
    await dataSource.query(`ALTER TABLE ${SCHEMA}.items ADD COLUMN note text`);
    await expect(dataSource.query(select, [0])).rejects.toThrow(/cached plan must not change result type/);
    expect(await dataSource.query(select, [0])).toEqual([
      { id: 1, label: 'one', note: null },
      { id: 2, label: 'two', note: null },
    ]);
  });
});
