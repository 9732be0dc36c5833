export * from './persistence.module';
export * from './provision-database';
export * from './run-migrations';
export * from './schema-data-source';
export * from './transaction';
export * from './transaction-batcher';
