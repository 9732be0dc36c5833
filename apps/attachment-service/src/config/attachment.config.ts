import { ConfigOf, defineConfig, int, serviceVariables, str, url } from '@herald/config';

/** attachment-service's configuration: the only reader of process.env in this app. */
export const attachmentConfig = defineConfig('attachment-service', {
  ...serviceVariables(3001),
  S3_ENDPOINT: url({
    doc: 'S3 endpoint (MinIO in compose/k8s; npm start runs an embedded s3rver)',
    default: 'http://127.0.0.1:4569',
    protocols: ['http', 'https'],
  }),
  S3_ACCESS_KEY: str({ doc: 'S3 access key', default: 'S3RVER', secret: true }),
  S3_SECRET_KEY: str({ doc: 'S3 secret key', default: 'S3RVER', secret: true }),
  S3_BUCKET: str({ doc: 'Bucket for attachments; created if missing', default: 'herald-attachments' }),
  S3_REGION: str({ doc: 'S3 region', default: 'us-east-1' }),
  ATTACHMENT_UPLOAD_GRACE_SECONDS: int({
    doc: 'How long an uploaded attachment waits for its trigger to be queued; after that the sweeper deletes it',
    default: 3_600,
    min: 60,
  }),
  ATTACHMENT_QUEUED_GRACE_SECONDS: int({
    doc: 'How long the attachments of a queued trigger are kept (its transaction plus a grace period: must outlast the longest delay or digest)',
    default: 7 * 86_400,
    min: 60,
  }),
  ATTACHMENT_PRESIGN_EXPIRY_SECONDS: int({
    doc: 'Lifetime of presigned upload and download URLs',
    default: 900,
    min: 1,
    max: 7 * 86_400,
  }),
  ATTACHMENT_SWEEP_INTERVAL_MS: int({
    doc: 'Pause between sweeps of expired attachments; 0 turns the sweeper off on this replica',
    default: 60_000,
    min: 0,
  }),
  ATTACHMENT_SWEEP_BATCH_SIZE: int({
    doc: 'Attachments deleted per sweep transaction',
    default: 100,
    min: 1,
    max: 1_000,
  }),
});

export type AttachmentConfig = ConfigOf<typeof attachmentConfig>;
export const ATTACHMENT_CONFIG = Symbol('ATTACHMENT_CONFIG');
