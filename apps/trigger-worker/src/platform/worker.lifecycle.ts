import {
  type MessageConsumer,
  Messaging,
  nestMessagingLogger,
  OutboxRelay,
  purgeProcessedMessages,
  type RpcServer,
} from '@herald/messaging';
import { ReadinessRegistry } from '@herald/observability';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { HeldDispatchSweeper } from '../engine/dispatch/held-dispatch.sweeper';
import { TimerScheduler } from '../engine/scheduler/timer.scheduler';
import { TriggerRequestedConsumer } from '../intake/trigger-requested.consumer';
import { JobStatusConsumer } from '../status/job-status.consumer';
import { ThrottleCounterRepository } from '../steps/throttle/throttle-counter.repository';
import { WORKER_SETTINGS, type WorkerSettings } from './config/worker-settings';
import { TRIGGER_SCHEMA } from './migrations/worker-migrations';
import { WorkerRpcServer } from './rpc/worker.rpc-server';

const LEDGER_RETENTION_MS = 7 * 24 * 3600_000;
const LEDGER_PURGE_EVERY_MS = 15 * 60_000;
const THROTTLE_PURGE_EVERY_MS = 5 * 60_000;
const THROTTLE_PURGE_BATCH = 5_000;

/**
 * Starts and stops the worker's moving parts in order. Up: outbox relay, scheduler and the sweep
 * of held dispatches, then the consumers and the RPC server. Down (before the messaging lib closes
 * the broker connections and before the pool closes): stop taking messages and drain in-flight
 * handlers, stop the scheduler and the sweep after their passes, then let the relay finish its batch.
 */
@Injectable()
export class WorkerLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerLifecycle.name);
  private relay?: OutboxRelay;
  private receivers: Pick<MessageConsumer | RpcServer, 'queue' | 'stop'>[] = [];
  private ledgerPurge?: NodeJS.Timeout;
  private throttlePurge?: NodeJS.Timeout;

  constructor(
    private readonly messaging: Messaging,
    private readonly readiness: ReadinessRegistry,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
    private readonly scheduler: TimerScheduler,
    private readonly heldSweeper: HeldDispatchSweeper,
    private readonly triggers: TriggerRequestedConsumer,
    private readonly statuses: JobStatusConsumer,
    private readonly rpc: WorkerRpcServer,
    private readonly throttleCounters: ThrottleCounterRepository,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'rabbitmq', check: () => this.messaging.ping() });
  }

  onApplicationBootstrap(): void {
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema: TRIGGER_SCHEMA,
      publisher: this.messaging.publisher,
      batchSize: this.settings.outboxBatchSize,
      logger: nestMessagingLogger('OutboxRelay'),
    });
    this.relay.start();
    if (this.settings.schedulerEnabled) {
      this.scheduler.start();
      this.heldSweeper.start();
    }
    this.receivers = [this.triggers.start(), this.statuses.start(), this.rpc.start()];
    // Ledger rows only need to outlive any redelivery (retry tiers end after minutes); a week is ample.
    this.ledgerPurge = setInterval(() => {
      purgeProcessedMessages(this.dataSource, TRIGGER_SCHEMA, LEDGER_RETENTION_MS).catch((error: unknown) =>
        this.logger.warn({ msg: 'ledger purge failed', error: String(error) }),
      );
    }, LEDGER_PURGE_EVERY_MS).unref();
    // A throttle counter whose executions all stopped counting is dead weight: an arrival would reset it anyway.
    this.throttlePurge = setInterval(() => {
      this.throttleCounters
        .purgeExpired(this.dataSource, THROTTLE_PURGE_BATCH)
        .catch((error: unknown) => this.logger.warn({ msg: 'throttle counter purge failed', error: String(error) }));
    }, THROTTLE_PURGE_EVERY_MS).unref();
    this.logger.log({ msg: 'consuming', queues: this.receivers.map((receiver) => receiver.queue) });
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.ledgerPurge);
    clearInterval(this.throttlePurge);
    await Promise.all(this.receivers.map((receiver) => receiver.stop()));
    await this.scheduler.stop();
    await this.heldSweeper.stop();
    await this.relay?.stop();
  }
}
