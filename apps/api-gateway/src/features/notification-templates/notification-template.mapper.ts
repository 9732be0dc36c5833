import type { JsonRecord } from '@herald/contracts';

import type { AuthenticatedEnvironment } from '../../pipeline/authentication/api-key.repository';
import type { StoredStep, WorkflowRecord } from '../workflows/workflow-definition';
import type { NotificationTemplateResponse, V1Step, V1StepResponse } from './notification-template.schema';

const CHANNELS = ['email', 'sms', 'in_app', 'chat', 'push'] as const;
/** Herald has no notification groups: every template is in this one (Novu's default group is "General"). */
export const DEFAULT_GROUP = { _id: 'general', name: 'General' };

/** Novu's block-editor content as one HTML string (its blocks' contents, in order). */
function contentText(content: V1Step['template']['content']): string | undefined {
  if (content === undefined || typeof content === 'string') return content;
  return content.map((block) => block.content ?? '').join('\n');
}

/** A v1 step (`{template, metadata}`) as a `/v2/workflows` step: the v2 schema then validates it. */
export function toWorkflowStep(step: V1Step): Record<string, unknown> {
  const { template, metadata } = step;
  const body = contentText(template.content);
  const base = {
    name: step.name ?? template.name ?? template.type,
    type: template.type,
    active: step.active ?? true,
  };
  const defined = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
  switch (template.type) {
    case 'email':
      return {
        ...base,
        controlValues: defined({
          subject: template.subject ?? '',
          body,
          preheader: template.preheader,
          layoutId: template.layoutId,
          ...(template.senderName ? { from: { name: template.senderName } } : {}),
        }),
      };
    case 'in_app': {
      const buttons = template.cta?.action?.buttons ?? [];
      const url = template.cta?.data?.url;
      return {
        ...base,
        controlValues: defined({
          subject: template.subject,
          body,
          avatar: template.avatar,
          redirect: url ? { url } : undefined,
          primaryAction: buttons[0] ? { label: buttons[0].content } : undefined,
          secondaryAction: buttons[1] ? { label: buttons[1].content } : undefined,
        }),
      };
    }
    case 'push':
      return { ...base, controlValues: defined({ subject: template.title ?? template.subject, body }) };
    case 'sms':
    case 'chat':
      return { ...base, controlValues: defined({ body }) };
    case 'delay':
      return {
        ...base,
        controlValues: defined({
          type: metadata?.type === 'scheduled' ? 'scheduled' : 'regular',
          amount: metadata?.amount,
          unit: metadata?.unit,
          delayPath: metadata?.delayPath,
        }),
      };
    case 'digest':
      return {
        ...base,
        controlValues: defined({
          type: 'regular',
          amount: metadata?.amount,
          unit: metadata?.unit,
          digestKey: metadata?.digestKey,
          lookBackWindow:
            metadata?.backoff || metadata?.type === 'backoff'
              ? { amount: metadata?.backoffAmount, unit: metadata?.backoffUnit }
              : undefined,
        }),
      };
  }
}

/** A stored step as a `/v2/workflows` step body, to carry it unchanged through an update. */
export function storedStepBody(step: StoredStep): Record<string, unknown> {
  return {
    _id: step._id,
    stepId: step.stepId,
    name: step.name,
    type: step.type,
    active: step.active,
    controlValues: step.controlValues,
  };
}

/** Novu's v1 `preferenceSettings` as a workflow's preference document. */
export function toPreferences(settings: Partial<Record<(typeof CHANNELS)[number], boolean>>, critical = false) {
  return {
    workflow: {
      all: { enabled: true, readOnly: critical },
      channels: Object.fromEntries(CHANNELS.map((channel) => [channel, { enabled: settings[channel] ?? true }])),
    },
  };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function toV1Step(record: WorkflowRecord, step: StoredStep): V1StepResponse {
  const controls: JsonRecord = step.controlValues;
  const subject = str(controls.subject);
  const layoutId = str(controls.layoutId);
  const template: V1StepResponse['template'] = {
    _id: step._id,
    type: step.type,
    name: step.name,
    content: str(controls.body) ?? '',
    ...(subject !== undefined && step.type !== 'push' ? { subject } : {}),
    ...(step.type === 'push' && subject !== undefined ? { title: subject } : {}),
    ...(step.type === 'email' && layoutId ? { layoutId } : {}),
    ...(step.type === 'email' ? { contentType: 'customHtml' as const } : {}),
  };
  const metadata =
    step.type === 'delay' || step.type === 'digest'
      ? Object.fromEntries(
          ['type', 'amount', 'unit', 'digestKey', 'delayPath']
            .filter((key) => controls[key] !== undefined)
            .map((key) => [key, controls[key]]),
        )
      : undefined;
  return {
    _id: step._id,
    _templateId: step._id,
    uuid: step._id,
    stepId: step.stepId,
    name: step.name,
    active: step.active,
    shouldStopOnFail: false,
    filters: [],
    template,
    ...(metadata ? { metadata } : {}),
    _parentId: null,
    workflowId: record.identifier,
  };
}

/** A workflow in Novu's v1 `WorkflowResponse` (`NotificationTemplate`) shape. */
export function toNotificationTemplate(
  record: WorkflowRecord,
  environment: AuthenticatedEnvironment,
): NotificationTemplateResponse {
  const { definition } = record;
  const channels = definition.preferences.workflow.channels;
  return {
    _id: record.id,
    name: definition.name,
    description: definition.description ?? '',
    active: definition.active,
    draft: !definition.active,
    critical: definition.critical,
    tags: definition.tags,
    preferenceSettings: Object.fromEntries(
      CHANNELS.map((channel) => [channel, channels[channel]?.enabled ?? true]),
    ) as Record<(typeof CHANNELS)[number], boolean>,
    steps: definition.steps.map((step) => toV1Step(record, step)),
    triggers: [{ type: 'event', identifier: record.identifier, variables: [], subscriberVariables: [] }],
    _organizationId: environment.organizationId,
    _environmentId: environment.environmentId,
    _creatorId: environment.apiKeyId,
    _notificationGroupId: DEFAULT_GROUP._id,
    notificationGroup: {
      ...DEFAULT_GROUP,
      _environmentId: environment.environmentId,
      _organizationId: environment.organizationId,
    },
    deleted: false,
    deletedAt: '',
    deletedBy: '',
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    workflowId: record.identifier,
    slug: record.slug,
    version: record.version,
  };
}
