export * from './config-variable';
export * from './define-config';
export * from './encryption-key';
export * from './known-dev-secrets';
export * from './production-secret';
export * from './service-variables';
