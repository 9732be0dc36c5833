// Flat exports: every name is prefixed by its message (triggerRequested*, jobDispatch*, jobStatusChanged*).
export * from './envelope/envelope';

export * from './common/limits';
export * from './common/primitives.schema';
export * from './common/channel.schema';
export * from './common/implemented-providers';
export * from './common/job-status';
export * from './common/skip-rule';
export * from './common/step-controls.schema';
export * from './common/subscriber.schema';
export * from './common/tenant.schema';
export * from './common/attachment.schema';
export * from './common/workflow.schema';
export * from './common/common.fixture';
export * from './common/link-url';
export * from './common/email-override-headers';
export * from './common/email-layout';

export * from './trigger-requested/trigger-requested.contract';
export * from './trigger-requested/trigger-requested.fixture';

export * from './job-dispatch/delivery-key';
export * from './job-dispatch/job-dispatch.contract';
export * from './job-dispatch/job-dispatch.fixture';

export * from './job-status-changed/job-status-changed.contract';
export * from './job-status-changed/job-status-changed.fixture';

export * from './attachment-rpc/attachment-rpc';
export * from './attachment-rpc/attachments-create-uploads.contract';
export * from './attachment-rpc/attachments-confirm.contract';
export * from './attachment-rpc/attachments-presign-download.contract';

export * from './integrations-rpc/integrations-rpc.contract';
export * from './integrations-rpc/integrations-rpc.fixture';
export * from './integrations-rpc/runner-credentials.seal';
export * from './integration-test-rpc/integration-test-rpc.contract';

export * from './inbox-counts-changed/inbox-counts-changed.contract';
export * from './inbox-message-created/inbox-message-created.contract';
export * from './inbox-rpc/inbox-notifications-rpc.contract';
export * from './inbox-rpc/inbox-rpc.contract';

export * from './message-deleted/message-deleted.contract';
export * from './message-deleted/message-deleted.fixture';

export * from './api-key-revoked/api-key-revoked.contract';
export * from './organization-settings-changed/organization-settings-changed.contract';
export * from './subscriber-deleted/subscriber-deleted.contract';
export * from './environment-deleted/environment-deleted.contract';

export * from './trigger-worker-rpc/trigger-worker-rpc';
export * from './trigger-worker-rpc/trigger-cancel.contract';
export * from './trigger-worker-rpc/subscribers-rpc.contract';
export * from './trigger-worker-rpc/topics-rpc.contract';
export * from './trigger-worker-rpc/notifications-rpc.contract';
export * from './trigger-worker-rpc/messages-rpc.contract';
export * from './trigger-worker-rpc/audience-rpc.contract';
export * from './trigger-worker-rpc/insights-rpc.contract';
export * from './trigger-worker-rpc/trigger-worker-rpc.methods';

export * from './registry/contract.registry';
export * from './registry/rpc-contract.registry';
export * from './registry/rpc.error';
export * from './registry/message.parser';
export * from './registry/contract-message.factory';
export * from './registry/zod-issues.formatter';
export * from './common/safe-identifier';
