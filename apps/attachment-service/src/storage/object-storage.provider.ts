import { ReadinessRegistry } from '@herald/observability';
import { Inject, Injectable, Logger, OnModuleInit, Provider } from '@nestjs/common';
import { Client } from 'minio';

import { ATTACHMENT_CONFIG, AttachmentConfig } from '../config/attachment.config';

export const OBJECT_STORAGE = Symbol('OBJECT_STORAGE');

/** The S3 client (MinIO's SDK speaks to MinIO, s3rver and AWS alike; path-style addressing). */
export const objectStorageProvider: Provider = {
  provide: OBJECT_STORAGE,
  inject: [ATTACHMENT_CONFIG],
  useFactory: (config: AttachmentConfig): Client => {
    const endpoint = new URL(config.S3_ENDPOINT);
    return new Client({
      endPoint: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      useSSL: endpoint.protocol === 'https:',
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      region: config.S3_REGION,
      pathStyle: true,
    });
  },
};

/** Creates the bucket when it is missing, and reports S3 to readiness. */
@Injectable()
export class BucketBootstrap implements OnModuleInit {
  private readonly logger = new Logger(BucketBootstrap.name);

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: Client,
    @Inject(ATTACHMENT_CONFIG) private readonly config: AttachmentConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    const bucket = this.config.S3_BUCKET;
    if (!(await this.storage.bucketExists(bucket))) {
      try {
        await this.storage.makeBucket(bucket, this.config.S3_REGION);
        this.logger.log(`created bucket ${bucket}`);
      } catch (error) {
        // Another replica may have created it in the meantime.
        if (!(await this.storage.bucketExists(bucket))) throw error;
      }
    }
    this.readiness.register({
      name: 's3',
      check: async () => {
        if (!(await this.storage.bucketExists(bucket))) throw new Error(`bucket ${bucket} is missing`);
      },
    });
  }
}
