import { MetricsRegistry, ReadinessRegistry } from '@herald/observability';
import type { ModuleMetadata } from '@nestjs/common';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnModuleInit,
  Optional,
  Provider,
} from '@nestjs/common';

import type { PoisonPolicyOptions } from '../consumer/poison-guard';
import { Messaging, MessagingOptions } from '../messaging';
import { MessagePublisher } from '../publisher/message-publisher';
import { RpcClient } from '../rpc/rpc-client';
import { nestMessagingLogger } from './nest-messaging.logger';

/** The common service variables (`serviceVariables`) the messaging wiring reads. */
export interface ServiceMessagingConfig {
  AMQP_URL: string;
  BROKER_EXCHANGE: string;
  BROKER_NAME_PREFIX: string;
  CONSUMER_QUARANTINE_AFTER_CRASHES?: number;
  HERALD_TEST_POISON_MARKER?: string;
}

/** The poison guard's settings from the common service variables (decision 0030). */
export function poisonPolicyOf(config: ServiceMessagingConfig): PoisonPolicyOptions {
  return {
    quarantineAfterCrashes: config.CONSUMER_QUARANTINE_AFTER_CRASHES,
    testPoisonMarker: config.HERALD_TEST_POISON_MARKER || undefined,
  };
}

/** Injection token of the `MessagingOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Async options: build `MessagingOptions` from other providers (e.g. the app's config). */
export interface MessagingModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
}

/**
 * Reports the broker to readiness (when the app has a ReadinessRegistry), and stops consumers
 * (draining in-flight work) and closes the broker connections on shutdown.
 */
@Injectable()
export class MessagingLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness?.register({ name: 'rabbitmq', check: () => this.messaging.ping() });
  }

  // Before shutdown, not on it: handlers still need the database, which closes on shutdown.
  async beforeApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
  }
}

const shared: Provider[] = [
  {
    provide: Messaging,
    useFactory: (options: MessagingOptions) => new Messaging(options),
    inject: [MESSAGING_OPTIONS],
  },
  { provide: MessagePublisher, useFactory: (messaging: Messaging) => messaging.publisher, inject: [Messaging] },
  { provide: RpcClient, useFactory: (messaging: Messaging) => messaging.rpc, inject: [Messaging] },
  MessagingLifecycle,
];
const exported = [Messaging, MessagePublisher, RpcClient];

/**
 * Provides `Messaging` (consumers, RPC servers, readiness via `isReady()`/`ping()`), the
 * `MessagePublisher` and the `RpcClient`. Global: import once in the app module. Apps need
 * `app.enableShutdownHooks()` for the graceful drain.
 */
@Module({})
export class MessagingModule {
  /** With options known up front. */
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, ...shared],
      exports: exported,
    };
  }

  /**
   * The usual wiring of a Herald service: broker settings from its config (the common
   * `serviceVariables`), counters in its Prometheus registry, log lines in its JSON logs.
   */
  static forService(serviceName: string, config: ServiceMessagingConfig): DynamicModule {
    return MessagingModule.forRootAsync({
      inject: [MetricsRegistry],
      useFactory: (metrics: MetricsRegistry) => ({
        url: config.AMQP_URL,
        serviceName,
        exchange: config.BROKER_EXCHANGE,
        namePrefix: config.BROKER_NAME_PREFIX || undefined,
        metricsRegistry: metrics.registry,
        logger: nestMessagingLogger(),
        poison: poisonPolicyOf(config),
      }),
    });
  }

  /** With options from a factory. */
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...shared,
      ],
      exports: exported,
    };
  }
}
