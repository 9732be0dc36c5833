import { MessagingModule } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { DynamicModule, Module } from '@nestjs/common';

import { ActivityRepository } from './admin-api/activity/activity.repository';
import { ActivityRpc } from './admin-api/activity/activity.rpc';
import { JobContentRepository } from './admin-api/activity/job-content.repository';
import { AudienceRepository } from './admin-api/audience/audience.repository';
import { AudienceRpc } from './admin-api/audience/audience.rpc';
import { InsightsRepository } from './admin-api/insights/insights.repository';
import { InsightsRpc } from './admin-api/insights/insights.rpc';
import { MessageAdminRepository } from './admin-api/messages/message-admin.repository';
import { MessagesRpc } from './admin-api/messages/messages.rpc';
import { SubscriberAdminRepository } from './admin-api/subscribers/subscriber-admin.repository';
import { SubscriberPreferencesRepository } from './admin-api/subscribers/subscriber-preferences.repository';
import { SubscribersRpc } from './admin-api/subscribers/subscribers.rpc';
import { TopicAdminRepository } from './admin-api/topics/topic-admin.repository';
import { TopicsRpc } from './admin-api/topics/topics.rpc';
import { CancelRpc } from './engine/cancel/cancel.rpc';
import { CancelTransactionUseCase } from './engine/cancel/cancel-transaction.usecase';
import { DispatchWriter } from './engine/chain/dispatch.writer';
import { EventRepository } from './engine/chain/event.repository';
import { JobChainAdvancer } from './engine/chain/job-chain.advancer';
import { JobContextLoader } from './engine/chain/job-context.loader';
import { SubscriberRepository } from './engine/chain/subscriber.repository';
import { DispatchGate } from './engine/dispatch/dispatch-gate';
import { HeldDispatchReleaser } from './engine/dispatch/held-dispatch.releaser';
import { HeldDispatchRepository } from './engine/dispatch/held-dispatch.repository';
import { HeldDispatchSweeper } from './engine/dispatch/held-dispatch.sweeper';
import { InFlightRedispatcher } from './engine/dispatch/in-flight.redispatcher';
import { JobRepository } from './engine/jobs/job.repository';
import { RetryDispatcher } from './engine/retry/retry.dispatcher';
import { TimerHandlers } from './engine/scheduler/timer.handlers';
import { TimerRepository } from './engine/scheduler/timer.repository';
import { TimerScheduler } from './engine/scheduler/timer.scheduler';
import { ChainRepository } from './intake/chain.repository';
import { FailedTriggerRepository } from './intake/failed-trigger.repository';
import { FanoutRunner } from './intake/fanout.runner';
import { FanoutAudienceRepository } from './intake/fanout-audience.repository';
import { ProcessTriggerUseCase } from './intake/process-trigger.usecase';
import { QuarantinedTriggerRecorder } from './intake/quarantined-trigger.recorder';
import { TriggerRequestedConsumer } from './intake/trigger-requested.consumer';
import { WORKER_CONFIG, WorkerConfig } from './platform/config/worker.config';
import { WORKER_SETTINGS, type WorkerSettings, workerSettingsFrom } from './platform/config/worker-settings';
import { TRIGGER_SCHEMA, workerMigrations } from './platform/migrations/worker-migrations';
import { OncePerMessageConsumers } from './platform/once-per-message.consumers';
import { WorkerRpcServer } from './platform/rpc/worker.rpc-server';
import { WorkerLifecycle } from './platform/worker.lifecycle';
import { WorkerMetrics } from './platform/worker.metrics';
import { ApplyJobStatusUseCase } from './status/apply-job-status.usecase';
import { JobStatusConsumer } from './status/job-status.consumer';
import { DigestGroupRepository } from './steps/digest/digest-group.repository';
import { stepKindProviders } from './steps/step-kind.registry';
import { ThrottleCounterRepository } from './steps/throttle/throttle-counter.repository';

const repositories = [
  ChainRepository,
  DigestGroupRepository,
  EventRepository,
  FailedTriggerRepository,
  FanoutAudienceRepository,
  HeldDispatchRepository,
  JobRepository,
  SubscriberRepository,
  ThrottleCounterRepository,
  TimerRepository,
];
const domain = [
  JobContextLoader,
  DispatchWriter,
  InFlightRedispatcher,
  DispatchGate,
  HeldDispatchReleaser,
  JobChainAdvancer,
  RetryDispatcher,
  FanoutRunner,
  ProcessTriggerUseCase,
  QuarantinedTriggerRecorder,
  ApplyJobStatusUseCase,
  CancelTransactionUseCase,
];
const dataRoutes = [
  SubscriberAdminRepository,
  SubscriberPreferencesRepository,
  SubscribersRpc,
  TopicAdminRepository,
  TopicsRpc,
  ActivityRepository,
  ActivityRpc,
  JobContentRepository,
  InsightsRepository,
  InsightsRpc,
  MessageAdminRepository,
  MessagesRpc,
  AudienceRepository,
  AudienceRpc,
];
const entryPoints = [
  OncePerMessageConsumers,
  TriggerRequestedConsumer,
  JobStatusConsumer,
  CancelRpc,
  WorkerRpcServer,
  TimerHandlers,
  TimerScheduler,
  HeldDispatchSweeper,
  WorkerLifecycle,
];

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
        ...stepKindProviders,
        ...domain,
        ...dataRoutes,
        ...entryPoints,
      ],
    };
  }
}
