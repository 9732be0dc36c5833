import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { CancelRpc } from './cancel/cancel.rpc';
import { CancelTransactionUseCase } from './cancel/cancel-transaction.usecase';
import { DispatchWriter } from './chain/dispatch.writer';
import { JobChainAdvancer } from './chain/job-chain.advancer';
import { JobContextLoader } from './chain/job-context.loader';
import { WORKER_CONFIG, WorkerConfig } from './config/worker.config';
import { WORKER_SETTINGS, workerSettingsFrom, type WorkerSettings } from './config/worker-settings';
import { ActivityQuery } from './data/activity/activity.query';
import { ActivityRpc } from './data/activity/activity.rpc';
import { MessageAdminRepository } from './data/messages/message-admin.repository';
import { MessagesRpc } from './data/messages/messages.rpc';
import { SubscriberAdminRepository } from './data/subscribers/subscriber-admin.repository';
import { SubscriberPreferencesRepository } from './data/subscribers/subscriber-preferences.repository';
import { SubscribersRpc } from './data/subscribers/subscribers.rpc';
import { TopicAdminRepository } from './data/topics/topic-admin.repository';
import { TopicsRpc } from './data/topics/topics.rpc';
import { DigestCoordinator } from './digest/digest.coordinator';
import { OncePerMessageConsumers } from './lifecycle/once-per-message.consumers';
import { WorkerLifecycle } from './lifecycle/worker.lifecycle';
import { WorkerMetrics } from './metrics/worker.metrics';
import { ChainRepository } from './persistence/chain.repository';
import { DigestGroupRepository } from './persistence/digest-group.repository';
import { EventRepository } from './persistence/event.repository';
import { JobRepository } from './persistence/job.repository';
import { MessageRepository } from './persistence/message.repository';
import { SubscriberRepository } from './persistence/subscriber.repository';
import { ThrottleCounterRepository } from './persistence/throttle-counter.repository';
import { TimerRepository } from './persistence/timer.repository';
import { TRIGGER_SCHEMA, workerMigrations } from './persistence/worker-migrations';
import { WorkerRpcServer } from './rpc/worker.rpc-server';
import { TimerHandlers } from './scheduler/timer.handlers';
import { TimerScheduler } from './scheduler/timer.scheduler';
import { ThrottleGate } from './throttle/throttle.gate';
import { ApplyJobStatusUseCase } from './status/apply-job-status.usecase';
import { JobStatusConsumer } from './status/job-status.consumer';
import { FanoutRunner } from './triggers/fanout.runner';
import { ProcessTriggerUseCase } from './triggers/process-trigger.usecase';
import { TriggerRequestedConsumer } from './triggers/trigger-requested.consumer';

const repositories = [ChainRepository, DigestGroupRepository, EventRepository, JobRepository, MessageRepository, SubscriberRepository, ThrottleCounterRepository, TimerRepository];
const domain = [JobContextLoader, DispatchWriter, DigestCoordinator, ThrottleGate, JobChainAdvancer, FanoutRunner, ProcessTriggerUseCase, ApplyJobStatusUseCase, CancelTransactionUseCase];
const dataRoutes = [SubscriberAdminRepository, SubscriberPreferencesRepository, SubscribersRpc, TopicAdminRepository, TopicsRpc, ActivityQuery, ActivityRpc, MessageAdminRepository, MessagesRpc];
const entryPoints = [OncePerMessageConsumers, TriggerRequestedConsumer, JobStatusConsumer, CancelRpc, WorkerRpcServer, TimerHandlers, TimerScheduler, WorkerLifecycle];

@Module({})
export class AppModule {
  /** The worker for `config`; `settings` override the tunables it sets (tests, benchmarks). */
  static forConfig(config: WorkerConfig, settings: Partial<WorkerSettings> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'trigger-worker' }),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema: TRIGGER_SCHEMA,
            migrations: workerMigrations,
            poolSize: config.DB_POOL_SIZE,
            applicationName: 'trigger-worker',
          }),
        }),
        MessagingModule.forService('trigger-worker', config),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_SETTINGS, useValue: { ...workerSettingsFrom(config), ...settings } },
        WorkerMetrics,
        ...repositories,
        ...domain,
        ...dataRoutes,
        ...entryPoints,
      ],
    };
  }
}
