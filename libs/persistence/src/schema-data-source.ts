import { DataSource, DataSourceOptions } from 'typeorm';

/** What a service's data source is bound to. */
export interface SchemaDataSourceOptions {
  databaseUrl: string;
  /** The Postgres schema the service owns (`gateway`, `trigger`, `runner_email`, …). */
  schema: string;
  /** Migration classes, in order. */
  migrations: NonNullable<DataSourceOptions['migrations']>;
  entities?: DataSourceOptions['entities'];
  /** Maximum pool connections; Postgres allows 100 for every service and test together. */
  poolSize: number;
  /** Shown in pg_stat_activity. */
  applicationName: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * One TypeORM data source per service schema: the schema is the default for entities and the
 * migrations table lives in it, so services never share tables. `synchronize` is always off.
 */
export function createSchemaDataSource(options: SchemaDataSourceOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize, idleTimeoutMillis: 30_000 },
  });
}
