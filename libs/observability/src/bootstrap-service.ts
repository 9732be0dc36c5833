import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger, LogLevel } from './json-logger';

/** How a Herald service process is started. */
export interface ServiceBootstrapOptions {
  service: string;
  port: number;
  logLevel: LogLevel;
  /** After SIGTERM, give in-flight work this long, then exit anyway. */
  shutdownTimeoutMs: number;
  /** Extra HTTP setup (the gateway's body parsers, filters, OpenAPI). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts a service: JSON logs, shutdown hooks on SIGTERM/SIGINT (stop consuming, finish
 * in-flight work, close connections), and the HTTP port for health, metrics and the API.
 */
export async function bootstrapService(rootModule: Type<unknown> | DynamicModule, options: ServiceBootstrapOptions): Promise<INestApplication> {
  const logger = new JsonLogger(options.service, options.logLevel);
  const app = await NestFactory.create(rootModule, { logger });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log({ msg: `${signal} received, draining`, timeoutMs: options.shutdownTimeoutMs });
      // A drain that hangs must not keep the pod in Terminating forever.
      setTimeout(() => {
        logger.error({ msg: 'drain timed out, exiting' });
        process.exit(1);
      }, options.shutdownTimeoutMs).unref();
    });
  }
  await options.configure?.(app);
  await app.listen(options.port, '0.0.0.0');
  logger.log({ msg: 'started', port: options.port });
  return app;
}

/** Runs `main`, printing a clean message (not a stack) when configuration is invalid. */
export function runService(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? (name === 'ConfigValidationError' ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
