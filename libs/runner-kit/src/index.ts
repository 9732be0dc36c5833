export * from './migrations/delivery-log.migration';
export * from './runner-config';
export * from './runner-topology';
export * from './runner.module';
export * from './start-runner';
