import { DynamicModule, INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';

import { JsonLogger, LogLevel } from './json-logger';

/** How a Herald service's Nest application is built (shared by `main.ts` and in-process tests). */
export interface ServiceAppOptions {
  service: string;
  logLevel: LogLevel;
  /** The HTTP server under Nest; Express when absent (the gateway passes a Fastify adapter). */
  httpAdapter?: () => AbstractHttpAdapter;
  /** `false`: Nest registers no body parsers, the service brings its own in `configure`. Default true. */
  bodyParser?: boolean;
  /** Extra HTTP setup (the gateway's body parsers, filters, OpenAPI); runs before the app listens. */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** How a Herald service process is started. */
export interface ServiceBootstrapOptions extends ServiceAppOptions {
  port: number;
  /** After SIGTERM, give in-flight work this long, then exit anyway. */
  shutdownTimeoutMs: number;
}

/**
 * Creates and configures a service's Nest application without listening: JSON logs, the HTTP
 * adapter of choice and the service's own HTTP setup. `bootstrapService` starts services with it,
 * and test harnesses boot an app exactly as production does.
 */
export async function createServiceApp(
  rootModule: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
  logger: JsonLogger = new JsonLogger(options.service, options.logLevel),
): Promise<INestApplication> {
  const nestOptions: NestApplicationOptions = {
    logger,
    ...(options.bodyParser === false ? { bodyParser: false } : {}),
  };
  const app = options.httpAdapter
    ? await NestFactory.create(rootModule, options.httpAdapter(), nestOptions)
    : await NestFactory.create(rootModule, nestOptions);
  await options.configure?.(app);
  return app;
}

/**
 * Starts a service: JSON logs, shutdown hooks on SIGTERM/SIGINT (stop consuming, finish
 * in-flight work, close connections), and the HTTP port for health, metrics and the API.
 */
export async function bootstrapService(
  rootModule: Type<unknown> | DynamicModule,
  options: ServiceBootstrapOptions,
): Promise<INestApplication> {
  const logger = new JsonLogger(options.service, options.logLevel);
  const app = await createServiceApp(rootModule, options, logger);
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
  await app.listen(options.port, '0.0.0.0');
  logger.log({ msg: 'started', port: options.port });
  return app;
}

/** Runs `main`, printing a clean message (not a stack) when configuration is invalid. */
export function runService(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const name = error instanceof Error ? error.name : '';
    const message =
      error instanceof Error
        ? name === 'ConfigValidationError'
          ? error.message
          : (error.stack ?? error.message)
        : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
