export * from './expect-eventually.util';
export * from './s3-server.util';
export * from './service-urls';
export * from './test-database.util';
export * from './unique-test-prefix.util';
