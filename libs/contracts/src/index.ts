export * from './envelope/envelope';
