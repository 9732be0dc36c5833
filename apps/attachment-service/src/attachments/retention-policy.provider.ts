import { Provider } from '@nestjs/common';

import { ATTACHMENT_CONFIG, AttachmentConfig } from '../config/attachment.config';
import { retentionPolicy } from './attachment-lifecycle';

/** Injection token of the `RetentionPolicy`. */
export const RETENTION_POLICY = Symbol('RETENTION_POLICY');

/** The retention policy from the config; an inconsistent one stops the boot. */
export const retentionPolicyProvider: Provider = {
  provide: RETENTION_POLICY,
  inject: [ATTACHMENT_CONFIG],
  useFactory: (config: AttachmentConfig) => retentionPolicy(config),
};
