import { DataSource } from 'typeorm';

/**
 * Runs the service's pending migrations under a Postgres advisory lock keyed by schema, so only
 * one replica migrates while the others wait. The schema is normally provisioned, owned by the
 * service's role (`provisionDatabase`); it is created here only when missing, which needs CREATE
 * on the database (tests that run as a superuser). Returns the names of the migrations that ran.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`herald:migrations:${schema}`]);
    try {
      const [{ present }] = await runner.query('SELECT count(*)::int AS present FROM pg_namespace WHERE nspname = $1', [
        schema,
      ]);
      if (!present) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`herald:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
