import { DataSource } from 'typeorm';

/**
 * Runs the service's pending migrations under a Postgres advisory lock keyed by schema, so only
 * one replica migrates while the others wait, and creates the schema first. Returns the names of
 * the migrations that ran.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`herald:migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`herald:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
