import { Client } from 'pg';

import { testServiceUrls } from './service-urls';
import { uniqueTestPrefix } from './unique-test-prefix.util';

/** A database that belongs to one test suite. */
export interface TestDatabase {
  name: string;
  /** Connection URL of the new database. */
  url: string;
  /** Drops the database, disconnecting whoever is still on it. */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServiceUrls().databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, empty database for one suite (`CREATE DATABASE … TEMPLATE template0`), so
 * suites never see each other's rows and migrations run from scratch, as on a new install.
 */
export async function createTestDatabase(label = 'suite'): Promise<TestDatabase> {
  const name = uniqueTestPrefix(label);
  await onServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  return {
    name,
    url: withDatabase(testServiceUrls().databaseUrl, name),
    drop: () =>
      onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
