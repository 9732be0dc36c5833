import { messagingMigrations } from '@herald/messaging';

import { Attachments1764100000000 } from './migrations/1764100000000-attachments';

/** The attachments schema's migrations, in order. */
export const ATTACHMENTS_SCHEMA = 'attachments';
export const attachmentMigrations = [...messagingMigrations(ATTACHMENTS_SCHEMA), Attachments1764100000000];
