import type { DynamicModule, INestApplication, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** Boot settings. */
export interface BootTestAppOptions {
  /** Serve HTTP on a free loopback port (for health and API tests); otherwise only `init()`. */
  http?: boolean;
  /** Log levels printed (default: errors only). */
  logLevels?: LogLevel[];
}

/** An app booted in the test process. */
export interface TestApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` when booted with `http`. */
  baseUrl?: string;
  close(): Promise<void>;
}

/**
 * Boots a service's root module in-process, as its main would (shutdown hooks on, so `close()`
 * drains consumers before connections close), with quiet logs.
 */
export async function bootTestApp(
  rootModule: Type<unknown> | DynamicModule,
  options: BootTestAppOptions = {},
): Promise<TestApp> {
  const app = await NestFactory.create(rootModule, { logger: options.logLevels ?? ['error'] });
  app.enableShutdownHooks();
  let baseUrl: string | undefined;
  if (options.http) {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${port}`;
  } else {
    await app.init();
  }
  return { app, baseUrl, close: () => app.close() };
}
