import type { z } from 'zod';

import { ATTACHMENT_RPC_SERVICE } from '../attachment-rpc/attachment-rpc';
import {
  ATTACHMENTS_CONFIRM_V1,
  attachmentsConfirmRequestSchema,
  attachmentsConfirmResponseSchema,
} from '../attachment-rpc/attachments-confirm.contract';
import {
  ATTACHMENTS_CREATE_UPLOADS_V1,
  attachmentsCreateUploadsRequestSchema,
  attachmentsCreateUploadsResponseSchema,
} from '../attachment-rpc/attachments-create-uploads.contract';
import {
  ATTACHMENTS_PRESIGN_DOWNLOAD_V1,
  attachmentsPresignDownloadRequestSchema,
  attachmentsPresignDownloadResponseSchema,
} from '../attachment-rpc/attachments-presign-download.contract';
import {
  INBOX_NOTIFICATION_UPDATE_V1,
  INBOX_NOTIFICATIONS_BULK_V1,
  INBOX_NOTIFICATIONS_COUNT_V1,
  INBOX_NOTIFICATIONS_LIST_V1,
  inboxNotificationsBulkRequestSchema,
  inboxNotificationsBulkResponseSchema,
  inboxNotificationsCountRequestSchema,
  inboxNotificationsCountResponseSchema,
  inboxNotificationsListRequestSchema,
  inboxNotificationsListResponseSchema,
  inboxNotificationUpdateRequestSchema,
  inboxNotificationUpdateResponseSchema,
} from '../inbox-rpc/inbox-notifications-rpc.contract';
import {
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  inboxCountResponseSchema,
  inboxFeedRequestSchema,
  inboxFeedResponseSchema,
  inboxMarkAllRequestSchema,
  inboxMarkAsRequestSchema,
  inboxMarkAsResponseSchema,
  inboxMessagesSinceRequestSchema,
  inboxMessagesSinceResponseSchema,
  inboxUnseenCountRequestSchema,
} from '../inbox-rpc/inbox-rpc.contract';
import {
  INTEGRATION_SEND_TEST_V1,
  INTEGRATION_TEST_RPC_SERVICES,
  integrationSendTestRequestSchema,
  integrationSendTestResponseSchema,
} from '../integration-test-rpc/integration-test-rpc.contract';
import {
  INTEGRATIONS_LIST_FOR_RUNNER_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  INTEGRATIONS_RPC_SERVICE,
  integrationsListForRunnerRequestSchema,
  integrationsListForRunnerResponseSchema,
  integrationsListForRunnerV2ResponseSchema,
} from '../integrations-rpc/integrations-rpc.contract';
import { type RpcMethodContract, TRIGGER_WORKER_RPC_SERVICE } from '../trigger-worker-rpc/trigger-worker-rpc';
import { TRIGGER_WORKER_RPC } from '../trigger-worker-rpc/trigger-worker-rpc.methods';

/** Every channel's `integration.send-test.<channel>.v1` has the same request and reply. */
const SEND_TEST = { request: integrationSendTestRequestSchema, response: integrationSendTestResponseSchema };

/** One RPC method as the registry knows it: the service whose `<service>.rpc` queue serves it, its request and reply data. */
export interface RpcContract extends RpcMethodContract {
  service: string;
}

type RpcServices = Record<string, Record<string, RpcMethodContract>>;
type MethodOf<S extends RpcServices> = { [K in keyof S]: keyof S[K] & string }[keyof S];
/** The services' methods flattened to method → contract tagged with its service, keeping each schema's type. */
type FlatRpcRegistry<S extends RpcServices> = {
  readonly [M in MethodOf<S>]: {
    [K in keyof S]: M extends keyof S[K] ? S[K][M] & { service: K & string } : never;
  }[keyof S];
};

/** The methods of one service, tagged with it; a method name served twice is a mistake caught at load. */
function servedBy(
  service: string,
  methods: Record<string, RpcMethodContract>,
  into: Record<string, RpcContract>,
): void {
  for (const [method, { request, response }] of Object.entries(methods)) {
    if (Object.hasOwn(into, method))
      throw new Error(`RPC method ${method} is served by both ${into[method].service} and ${service}`);
    into[method] = { service, request, response };
  }
}

function rpcRegistry<S extends RpcServices>(services: S): FlatRpcRegistry<S> {
  const registry: Record<string, RpcContract> = {};
  for (const [service, methods] of Object.entries(services)) servedBy(service, methods, registry);
  return Object.freeze(registry) as FlatRpcRegistry<S>;
}

/**
 * Every RPC method between services: method name (= the request envelope's `type`) → serving
 * service, request and response data schemas. Like the messages of `contractRegistry` these are
 * stable (docs/decisions/0016-message-contracts-are-stable.md): `stable-rpc-contracts.spec.ts`
 * checks every entry against its recorded shapes. A new method is added here in the same change.
 */
export const rpcContractRegistry = rpcRegistry({
  [TRIGGER_WORKER_RPC_SERVICE]: TRIGGER_WORKER_RPC,
  [ATTACHMENT_RPC_SERVICE]: {
    [ATTACHMENTS_CREATE_UPLOADS_V1]: {
      request: attachmentsCreateUploadsRequestSchema,
      response: attachmentsCreateUploadsResponseSchema,
    },
    [ATTACHMENTS_CONFIRM_V1]: { request: attachmentsConfirmRequestSchema, response: attachmentsConfirmResponseSchema },
    [ATTACHMENTS_PRESIGN_DOWNLOAD_V1]: {
      request: attachmentsPresignDownloadRequestSchema,
      response: attachmentsPresignDownloadResponseSchema,
    },
  },
  [INBOX_RPC_SERVICE]: {
    [INBOX_FEED_V1]: { request: inboxFeedRequestSchema, response: inboxFeedResponseSchema },
    [INBOX_UNSEEN_COUNT_V1]: { request: inboxUnseenCountRequestSchema, response: inboxCountResponseSchema },
    [INBOX_MARK_AS_V1]: { request: inboxMarkAsRequestSchema, response: inboxMarkAsResponseSchema },
    [INBOX_MARK_ALL_V1]: { request: inboxMarkAllRequestSchema, response: inboxCountResponseSchema },
    [INBOX_MESSAGES_SINCE_V1]: { request: inboxMessagesSinceRequestSchema, response: inboxMessagesSinceResponseSchema },
    [INBOX_NOTIFICATIONS_LIST_V1]: {
      request: inboxNotificationsListRequestSchema,
      response: inboxNotificationsListResponseSchema,
    },
    [INBOX_NOTIFICATIONS_COUNT_V1]: {
      request: inboxNotificationsCountRequestSchema,
      response: inboxNotificationsCountResponseSchema,
    },
    [INBOX_NOTIFICATION_UPDATE_V1]: {
      request: inboxNotificationUpdateRequestSchema,
      response: inboxNotificationUpdateResponseSchema,
    },
    [INBOX_NOTIFICATIONS_BULK_V1]: {
      request: inboxNotificationsBulkRequestSchema,
      response: inboxNotificationsBulkResponseSchema,
    },
  },
  [INTEGRATIONS_RPC_SERVICE]: {
    [INTEGRATIONS_LIST_FOR_RUNNER_V1]: {
      request: integrationsListForRunnerRequestSchema,
      response: integrationsListForRunnerResponseSchema,
    },
    [INTEGRATIONS_LIST_FOR_RUNNER_V2]: {
      request: integrationsListForRunnerRequestSchema,
      response: integrationsListForRunnerV2ResponseSchema,
    },
  },
  // runner-in-app serves the inbox methods above on the same queue; it has no provider to test.
  [INTEGRATION_TEST_RPC_SERVICES.email]: { [INTEGRATION_SEND_TEST_V1.email]: SEND_TEST },
  [INTEGRATION_TEST_RPC_SERVICES.sms]: { [INTEGRATION_SEND_TEST_V1.sms]: SEND_TEST },
  [INTEGRATION_TEST_RPC_SERVICES.push]: { [INTEGRATION_SEND_TEST_V1.push]: SEND_TEST },
  [INTEGRATION_TEST_RPC_SERVICES.chat]: { [INTEGRATION_SEND_TEST_V1.chat]: SEND_TEST },
});

/** A method of `rpcContractRegistry` (= the request envelope's `type`). */
export type RpcMethod = keyof typeof rpcContractRegistry;
/** What a caller sends as a method's request data (defaults not yet applied). */
export type RpcRequestInput<M extends RpcMethod> = z.input<(typeof rpcContractRegistry)[M]['request']>;
/** A method's request data as its handler receives it (validated, defaults applied). */
export type RpcRequest<M extends RpcMethod> = z.output<(typeof rpcContractRegistry)[M]['request']>;
/** A method's reply data as its caller receives it. */
export type RpcResponse<M extends RpcMethod> = z.output<(typeof rpcContractRegistry)[M]['response']>;

/** Every known RPC method name. */
export const RPC_METHODS = Object.keys(rpcContractRegistry) as readonly RpcMethod[];

/** True when `method` is in `rpcContractRegistry` (own keys only). */
export function isRpcMethod(method: string): method is RpcMethod {
  return Object.hasOwn(rpcContractRegistry, method);
}
