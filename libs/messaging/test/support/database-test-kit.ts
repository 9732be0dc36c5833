import { createSchemaDataSource, runMigrations } from '@herald/persistence';
import { createTestDatabase, TestDatabase } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { messagingMigrations } from '../../src';

/** A fresh database with the messaging tables migrated into `schema`. */
export interface MessagingTestDatabase {
  database: TestDatabase;
  dataSource: DataSource;
  schema: string;
  close(): Promise<void>;
}

/** Creates a database for one suite and runs the messaging migration in `schema`. */
export async function createMessagingTestDatabase(
  label: string,
  schema = 'msgtest',
  poolSize = 8,
): Promise<MessagingTestDatabase> {
  const database = await createTestDatabase(label);
  const dataSource = createSchemaDataSource({
    databaseUrl: database.url,
    schema,
    migrations: [...messagingMigrations(schema)],
    poolSize,
    applicationName: `test-${label}`,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, schema);
  return {
    database,
    dataSource,
    schema,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
