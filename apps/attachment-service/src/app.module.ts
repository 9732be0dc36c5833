import { MessagingModule } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { PersistenceModule } from '@herald/persistence';
import { DynamicModule, Module } from '@nestjs/common';

import { retentionPolicyProvider } from './attachments/retention-policy.provider';
import { ATTACHMENT_CONFIG, AttachmentConfig } from './config/attachment.config';
import { AttachmentRepository } from './persistence/attachment.repository';
import { attachmentMigrations, ATTACHMENTS_SCHEMA } from './persistence/attachment-migrations';
import { AttachmentRpcServer } from './rpc/attachment-rpc.server';
import { AttachmentObjectStore } from './storage/attachment-object.store';
import { BucketBootstrap, objectStorageProvider } from './storage/object-storage.provider';
import { AttachmentSweeper } from './sweeper/attachment.sweeper';
import { ConfirmAttachmentsUsecase } from './usecases/confirm-attachments/confirm-attachments.usecase';
import { CreateUploadsUsecase } from './usecases/create-uploads/create-uploads.usecase';
import { PresignDownloadUsecase } from './usecases/presign-download/presign-download.usecase';

@Module({})
export class AppModule {
  static forConfig(config: AttachmentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'attachment-service' }),
        MessagingModule.forService('attachment-service', config),
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            databaseUrl: config.DATABASE_URL,
            schema: ATTACHMENTS_SCHEMA,
            migrations: attachmentMigrations,
            poolSize: config.DB_POOL_SIZE,
            applicationName: 'attachment-service',
          }),
        }),
      ],
      providers: [
        { provide: ATTACHMENT_CONFIG, useValue: config },
        objectStorageProvider,
        BucketBootstrap,
        retentionPolicyProvider,
        AttachmentObjectStore,
        AttachmentRepository,
        CreateUploadsUsecase,
        ConfirmAttachmentsUsecase,
        PresignDownloadUsecase,
        AttachmentRpcServer,
        AttachmentSweeper,
      ],
    };
  }
}
