import type {
  ActorSnapshot,
  DigestBatch,
  JsonRecord,
  SubscriberSnapshot,
  TenantRef,
  WorkflowRef,
} from '@herald/contracts';

/** What a step's templates are rendered from (a job dispatch satisfies it; previews build one). */
export interface TemplateInput {
  payload: JsonRecord;
  subscriber?: SubscriberSnapshot | Omit<SubscriberSnapshot, 'channels'> | null;
  actor?: ActorSnapshot;
  tenant?: TenantRef;
  digest?: DigestBatch;
  workflow?: WorkflowRef;
}

/** One digested event as templates see it. */
export type TemplateDigestEvent = JsonRecord & { id: string; createdAt: string; time: string; payload: JsonRecord };

/** The variables a template sees: `payload`, `subscriber`, `actor`, `tenant`, `step`, `workflow`. */
export interface TemplateContext {
  payload: JsonRecord;
  subscriber: Omit<SubscriberSnapshot, 'channels'> | null;
  actor: ActorSnapshot | null;
  tenant: TenantRef | null;
  step: { digest: boolean; events: TemplateDigestEvent[]; total_count: number };
  workflow: { id: string; identifier: string; workflowId: string; name: string; version: number } | null;
}

/**
 * Builds the template variables. The subscriber's channel credentials (push tokens, chat webhook
 * URLs) are left out: they are secrets, and a template must not be able to print them. A digest
 * event exposes its payload both as `event.payload.x` (Novu's framework) and `event.x` (Novu's
 * legacy templates); `id`, `createdAt`, `time` and `payload` win over payload keys of that name.
 */
export function buildTemplateContext(input: TemplateInput): TemplateContext {
  const subscriber = input.subscriber ? withoutChannels(input.subscriber) : null;
  const events = (input.digest?.events ?? []).map((event): TemplateDigestEvent => ({
    ...event.payload,
    id: event.id,
    createdAt: event.createdAt,
    time: event.createdAt,
    payload: event.payload,
  }));
  return {
    payload: input.payload,
    subscriber,
    actor: input.actor ?? null,
    tenant: input.tenant ?? null,
    step: { digest: input.digest !== undefined, events, total_count: input.digest?.totalCount ?? 0 },
    workflow: input.workflow
      ? {
          id: input.workflow.id,
          identifier: input.workflow.identifier,
          workflowId: input.workflow.identifier,
          name: input.workflow.name,
          version: input.workflow.version,
        }
      : null,
  };
}

function withoutChannels(
  subscriber: SubscriberSnapshot | Omit<SubscriberSnapshot, 'channels'>,
): Omit<SubscriberSnapshot, 'channels'> {
  const { channels: _channels, ...rest } = subscriber as SubscriberSnapshot;
  return rest;
}
