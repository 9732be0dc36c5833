import { ConfigOf, defineConfig, serviceVariables, str, url } from '@herald/config';

/** attachment-service's configuration: the only reader of process.env in this app. */
export const attachmentConfig = defineConfig('attachment-service', {
  ...serviceVariables(3001),
  S3_ENDPOINT: url({ doc: 'S3 endpoint (MinIO in compose/k8s; npm start runs an embedded s3rver)', default: 'http://127.0.0.1:4569', protocols: ['http', 'https'] }),
  S3_ACCESS_KEY: str({ doc: 'S3 access key', default: 'S3RVER', secret: true }),
  S3_SECRET_KEY: str({ doc: 'S3 secret key', default: 'S3RVER', secret: true }),
  S3_BUCKET: str({ doc: 'Bucket for attachments; created if missing', default: 'herald-attachments' }),
  S3_REGION: str({ doc: 'S3 region', default: 'us-east-1' }),
});

export type AttachmentConfig = ConfigOf<typeof attachmentConfig>;
export const ATTACHMENT_CONFIG = Symbol('ATTACHMENT_CONFIG');
