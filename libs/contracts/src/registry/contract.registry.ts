import type { z } from 'zod';

import { API_KEY_REVOKED_V1, apiKeyRevokedDataSchema } from '../api-key-revoked/api-key-revoked.contract';
import {
  ENVIRONMENT_DELETED_V1,
  environmentDeletedDataSchema,
} from '../environment-deleted/environment-deleted.contract';
import {
  INBOX_COUNTS_CHANGED_V1,
  inboxCountsChangedDataSchema,
} from '../inbox-counts-changed/inbox-counts-changed.contract';
import {
  INBOX_MESSAGE_CREATED_V1,
  inboxMessageCreatedDataSchema,
} from '../inbox-message-created/inbox-message-created.contract';
import { INTEGRATION_CHANGED_V1, integrationChangedDataSchema } from '../integrations-rpc/integrations-rpc.contract';
import { JOB_DISPATCH_ROUTING_KEYS, jobDispatchDataSchemaFor } from '../job-dispatch/job-dispatch.contract';
import { JOB_STATUS_CHANGED_V1, jobStatusChangedDataSchema } from '../job-status-changed/job-status-changed.contract';
import { MESSAGE_DELETED_V1, messageDeletedDataSchema } from '../message-deleted/message-deleted.contract';
import {
  ORGANIZATION_SETTINGS_CHANGED_V1,
  organizationSettingsChangedDataSchema,
} from '../organization-settings-changed/organization-settings-changed.contract';
import { SUBSCRIBER_DELETED_V1, subscriberDeletedDataSchema } from '../subscriber-deleted/subscriber-deleted.contract';
import { TRIGGER_REQUESTED_V1, triggerRequestedDataSchema } from '../trigger-requested/trigger-requested.contract';

/**
 * Every known message: routing key (= envelope `type`) → zod schema of its `data`. These are
 * stable (docs/decisions/0016-message-contracts-are-stable.md): `stable-contracts.spec.ts` checks
 * every entry against its recorded shape.
 */
export const contractRegistry = Object.freeze({
  [TRIGGER_REQUESTED_V1]: triggerRequestedDataSchema,
  [JOB_DISPATCH_ROUTING_KEYS.email]: jobDispatchDataSchemaFor('email'),
  [JOB_DISPATCH_ROUTING_KEYS.sms]: jobDispatchDataSchemaFor('sms'),
  [JOB_DISPATCH_ROUTING_KEYS.push]: jobDispatchDataSchemaFor('push'),
  [JOB_DISPATCH_ROUTING_KEYS.chat]: jobDispatchDataSchemaFor('chat'),
  [JOB_DISPATCH_ROUTING_KEYS.in_app]: jobDispatchDataSchemaFor('in_app'),
  [JOB_STATUS_CHANGED_V1]: jobStatusChangedDataSchema,
  [API_KEY_REVOKED_V1]: apiKeyRevokedDataSchema,
  [ORGANIZATION_SETTINGS_CHANGED_V1]: organizationSettingsChangedDataSchema,
  [MESSAGE_DELETED_V1]: messageDeletedDataSchema,
  [INBOX_MESSAGE_CREATED_V1]: inboxMessageCreatedDataSchema,
  [INBOX_COUNTS_CHANGED_V1]: inboxCountsChangedDataSchema,
  [INTEGRATION_CHANGED_V1]: integrationChangedDataSchema,
  [SUBSCRIBER_DELETED_V1]: subscriberDeletedDataSchema,
  [ENVIRONMENT_DELETED_V1]: environmentDeletedDataSchema,
});

/** A known routing key / envelope type. */
export type ContractType = keyof typeof contractRegistry;

/** The `data` type of a known message. */
export type ContractData<K extends ContractType> = z.infer<(typeof contractRegistry)[K]>;

/** Every known routing key. */
export const CONTRACT_TYPES = Object.keys(contractRegistry) as readonly ContractType[];

/** True when `type` is a known routing key (own keys only: `__proto__` and friends are not). */
export function isContractType(type: string): type is ContractType {
  return Object.hasOwn(contractRegistry, type);
}

/** The data schema of a routing key, or undefined when it is not a known contract. */
export function getContractSchema(type: string): z.ZodTypeAny | undefined {
  return isContractType(type) ? contractRegistry[type] : undefined;
}
