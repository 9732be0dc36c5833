import { ReadinessRegistry } from '@herald/observability';
import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { runMigrations } from './run-migrations';
import { createSchemaDataSource, SchemaDataSourceOptions } from './schema-data-source';
import { TransactionRunner } from './transaction';

/** Injection token of the service's TypeORM data source. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

/** Closes the pool last, after consumers have drained, and reports Postgres to readiness. */
@Injectable()
class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register({ name: 'postgres', check: async () => void (await this.dataSource.query('SELECT 1')) });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Async options: usually derived from the app's config. */
export interface PersistenceModuleOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own injection signature
  inject?: any[];
  useFactory: (...deps: never[]) => SchemaDataSourceOptions;
}

/**
 * The service's data source, bound to its own schema: on start-up the service's migrations run
 * under an advisory lock. The database, the service's role and its schema exist already
 * (`provisionDatabase`, run once by a superuser): a service never connects to the `postgres`
 * database, and needs no right beyond its own schema.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DATA_SOURCE,
          inject: options.inject ?? [],
          useFactory: async (...deps: never[]) => {
            const dataSourceOptions = options.useFactory(...deps);
            const dataSource = createSchemaDataSource(dataSourceOptions);
            await dataSource.initialize();
            await runMigrations(dataSource, dataSourceOptions.schema);
            return dataSource;
          },
        },
        {
          provide: TransactionRunner,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource) => new TransactionRunner(dataSource),
        },
        DataSourceLifecycle,
      ],
      exports: [DATA_SOURCE, TransactionRunner],
    };
  }
}
