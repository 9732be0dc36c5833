import type { Recipient, SubscriberRef, TenantRef, TriggerRequestedData } from '@herald/contracts';
import { Inject, Injectable } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../../core/config/gateway.config';
import { activityFeedLink } from '../../../core/console/activity-feed-link';
import { FieldIssue, issuesError, toFieldErrors } from '../../../core/errors/field-errors';
import { GatewayException } from '../../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../../core/errors/gateway-error-code';
import { AttachmentUploader } from '../../attachments/attachment.uploader';
import { readInlineAttachments } from '../../attachments/inline-attachments';
import { LayoutSnapshots } from '../../layouts';
import { TenantRepository } from '../../tenants';
import { WorkflowRepository } from '../../workflows';
import { PayloadSchemaValidators } from '../payload-schema';
import { assertPayloadSize } from '../payload-size';
import { mapRecipients } from '../recipients/recipients.mapper';
import { readActor } from '../recipients/subscriber-input';
import { readTenant } from '../tenant-input';
import { resolveTransactionId } from '../transaction-id';
import { TriggerPublisher } from '../trigger.publisher';
import type { TriggerCommand } from '../trigger-command';
import type { TriggerEventResponse, TriggerStatus } from '../trigger-response.schema';

/**
 * One trigger, from a validated body to a confirmed `trigger.requested.v1` — or to the Novu
 * outcome that queues nothing (`invalid_recipients`, `trigger_not_active`,
 * `no_workflow_steps_defined`, `no_workflow_active_steps_defined`, `no_tenant_found`). Failures
 * the client must fix are thrown as GatewayExceptions (413, 422 `workflow_not_found`, 400
 * payload schema, 422 for a payload schema that cannot be used); broker trouble as a 503.
 * Serves single, bulk-item and broadcast triggers.
 */
@Injectable()
export class ProcessTriggerUsecase {
  constructor(
    private readonly workflows: WorkflowRepository,
    private readonly tenants: TenantRepository,
    private readonly publisher: TriggerPublisher,
    private readonly attachmentUploader: AttachmentUploader,
    private readonly payloadSchemas: PayloadSchemaValidators,
    private readonly layouts: LayoutSnapshots,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async execute(command: TriggerCommand): Promise<TriggerEventResponse> {
    const { environmentId, organizationId } = command.environment;
    const payload = command.payload ?? {};
    const payloadBytes = assertPayloadSize(payload);
    // Checked (422/413) before anything is looked up; uploaded only once the trigger will be queued.
    const inlineAttachments = readInlineAttachments(payload.attachments);
    const transactionId = resolveTransactionId({
      given: command.transactionId,
      environmentId,
      idempotencyKey: command.idempotencyKey,
      bulkIndex: command.bulkIndex,
    });
    const notQueued = (status: TriggerStatus): TriggerEventResponse => ({ acknowledged: true, status, transactionId });

    let to: Recipient[] = [];
    let droppedRecipients = 0;
    if (command.kind === 'trigger') {
      ({ recipients: to, dropped: droppedRecipients } = mapRecipients(command.to));
      if (to.length === 0) return notQueued('invalid_recipients');
    }

    const workflow = await this.workflows.findForTrigger(environmentId, command.name);
    if (!workflow) {
      throw new GatewayException(GatewayErrorCode.WorkflowNotFound, 'workflow_not_found', {
        errors: {
          name: { messages: [`workflow "${command.name}" was not found in this environment`], value: command.name },
        },
      });
    }
    const { snapshot } = workflow;
    if (!snapshot.active) return notQueued('trigger_not_active');
    if (snapshot.steps.length === 0) return notQueued('no_workflow_steps_defined');
    if (!snapshot.steps.some((step) => step.active)) return notQueued('no_workflow_active_steps_defined');
    if (workflow.validatePayload && workflow.payloadSchema) {
      const issues = await this.payloadSchemas.validate(snapshot, workflow.payloadSchema, payload, payloadBytes);
      if (issues.length > 0) throw GatewayException.payloadValidation(issues);
    }

    const actor = command.actor === undefined || command.actor === null ? undefined : actorRef(command.actor);
    let tenant: TenantRef | undefined;
    if (command.tenant !== undefined && command.tenant !== null) {
      tenant = tenantRef(command.tenant);
      if (!(await this.tenants.upsertFromTrigger(environmentId, tenant))) return notQueued('no_tenant_found');
    }

    // 503 when attachment-service or object storage fails: then nothing is queued.
    const attachments =
      inlineAttachments.length > 0
        ? await this.attachmentUploader.upload({ environmentId, transactionId }, inlineAttachments)
        : [];
    const data: TriggerRequestedData = {
      kind: command.kind,
      organizationId,
      environmentId,
      // Email steps carry their layout, resolved now (decision 0040).
      workflow: await this.layouts.apply(environmentId, snapshot),
      to,
      // The bytes stay in object storage: the queued payload carries the references instead.
      payload: attachments.length > 0 ? { ...payload, attachments } : payload,
      overrides: command.overrides ?? {},
      transactionId,
      attachments,
      requestedAt: new Date().toISOString(),
    };
    if (actor) data.actor = actor;
    if (tenant) data.tenant = tenant;
    if (command.context) data.context = command.context;
    if (command.idempotencyKey) data.idempotencyKey = command.idempotencyKey;
    // The payload goes out unchanged without attachments: its size is known.
    await this.publisher.publish(data, attachments.length === 0 ? payloadBytes : undefined);
    if (attachments.length > 0)
      await this.attachmentUploader.confirmQueued({ environmentId, transactionId }, attachments);
    return {
      acknowledged: true,
      status: 'processed',
      transactionId,
      activityFeedLink: activityFeedLink(transactionId, this.config),
      jobData: {
        workflowId: snapshot.identifier,
        workflowVersion: snapshot.version,
        kind: command.kind,
        recipients: to.length,
        droppedRecipients,
        attachments: data.attachments.length,
      },
    };
  }
}

function actorRef(value: unknown): SubscriberRef {
  const result = readActor(value);
  if ('issues' in result) throw invalid(result.issues, value, 'actor');
  return result.ref;
}

function tenantRef(value: unknown): TenantRef {
  const result = readTenant(value);
  if ('issues' in result) throw invalid(result.issues, value, 'tenant');
  return result.ref;
}

function invalid(issues: FieldIssue[], value: unknown, field: string): GatewayException {
  return GatewayException.requestValidation(toFieldErrors(issuesError(issues), value, { at: field }));
}
