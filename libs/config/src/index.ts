export * from './config-variable';
export * from './define-config';
export * from './service-variables';
