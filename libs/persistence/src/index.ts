export * from './ensure-database';
export * from './persistence.module';
export * from './run-migrations';
export * from './schema-data-source';
export * from './transaction';
export * from './transaction-batcher';
