export * from './bootstrap-service';
export * from './health.controller';
export * from './json-logger';
export * from './metrics.registry';
export * from './observability.module';
export * from './readiness.registry';
