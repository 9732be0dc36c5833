import { EMAIL_LAYOUT_CONTROL, type JsonRecord, type StepType, wrapInLayout } from '@herald/contracts';
import { buildTemplateContext, type TemplateInput, TemplateRenderer, TemplateRenderError } from '@herald/templating';

import { GatewayException } from '../../core/errors/gateway.exception';
import type { StoredStep, WorkflowRecord } from './workflow-definition';
import type { StepPreviewResponse } from './workflow-response.schema';

/** Controls the email runner renders as HTML (`runner-email`'s `htmlControls`): a preview escapes them the same way. */
const EMAIL_HTML_CONTROLS = ['body', 'content', EMAIL_LAYOUT_CONTROL];

/** The sample a preview renders for when the request names none (Novu's preview example). */
const SAMPLE_SUBSCRIBER = {
  id: 'preview-subscriber',
  subscriberId: 'preview-subscriber',
  email: 'subscriber@example.com',
  phone: '+15555550100',
  firstName: 'John',
  lastName: 'Doe',
  avatar: null,
  locale: 'en_US',
  timezone: null,
  data: null,
};

export interface PreviewRequest {
  controlValues?: JsonRecord;
  previewPayload?: { payload?: JsonRecord; subscriber?: JsonRecord; actor?: JsonRecord };
}

/** A string field of a sample, or the fallback. */
const text = (record: JsonRecord | undefined, key: string, fallback: string | null): string | null =>
  typeof record?.[key] === 'string' ? (record[key] as string) : fallback;

/** The sample subscriber a preview renders for: the request's fields over Novu's preview example. */
export function sampleSubscriber(given: JsonRecord | undefined) {
  const subscriberId = text(given, 'subscriberId', SAMPLE_SUBSCRIBER.subscriberId) as string;
  return {
    id: subscriberId,
    subscriberId,
    email: text(given, 'email', SAMPLE_SUBSCRIBER.email),
    phone: text(given, 'phone', SAMPLE_SUBSCRIBER.phone),
    firstName: text(given, 'firstName', SAMPLE_SUBSCRIBER.firstName),
    lastName: text(given, 'lastName', SAMPLE_SUBSCRIBER.lastName),
    avatar: text(given, 'avatar', null),
    locale: text(given, 'locale', SAMPLE_SUBSCRIBER.locale),
    timezone: text(given, 'timezone', null),
    data: given?.data !== null && typeof given?.data === 'object' ? (given.data as JsonRecord) : null,
  };
}

/**
 * What a step would send for a sample payload and subscriber: its controls (with the request's
 * over them) rendered the way the runners render — Liquid, HTML controls of an email escaped unless
 * `disableOutputSanitization`, within one job's render budget. A template error is a 422 naming the control.
 */
export async function renderStepPreview(
  renderer: TemplateRenderer,
  workflow: WorkflowRecord,
  step: StoredStep,
  request: PreviewRequest,
  /** The email step's layout as a trigger now would resolve it (`controlValues.layout`), if any. */
  layout?: unknown,
): Promise<StepPreviewResponse> {
  const controls = { ...step.controlValues, ...request.controlValues };
  if (layout !== undefined) controls[EMAIL_LAYOUT_CONTROL] = layout;
  const payload = request.previewPayload?.payload ?? {};
  const subscriber = sampleSubscriber(request.previewPayload?.subscriber);
  const actor = request.previewPayload?.actor ? sampleSubscriber(request.previewPayload.actor) : undefined;
  const context: TemplateInput = {
    payload,
    subscriber,
    actor,
    workflow: {
      id: workflow.id,
      identifier: workflow.identifier,
      name: workflow.definition.name,
      version: workflow.version,
    },
  };
  try {
    const preview = await renderStepContent(renderer, step.type, controls, context);
    return {
      result: { type: step.type, preview },
      previewPayloadExample: { payload, subscriber, ...(actor ? { actor } : {}) },
      schema: workflow.definition.payloadSchema,
    };
  } catch (error) {
    if (error instanceof TemplateRenderError)
      throw GatewayException.invalidField(`controlValues.${error.path}`, [error.message], undefined, error.message);
    throw error;
  }
}

/**
 * A step's controls rendered the way its runner renders them: Liquid over the template input, the
 * HTML controls of an email escaped unless `disableOutputSanitization`, within one job's render
 * budget, and an email's body inside its layout as runner-email sends it. Throws
 * `TemplateRenderError` on a template the runner would fail on too.
 */
export async function renderStepContent(
  renderer: TemplateRenderer,
  type: StepType,
  controls: JsonRecord,
  input: TemplateInput,
): Promise<JsonRecord> {
  const htmlControls = type === 'email' && controls.disableOutputSanitization !== true ? EMAIL_HTML_CONTROLS : [];
  const { [EMAIL_LAYOUT_CONTROL]: renderedLayout, ...content } = await renderer.renderControls(
    controls,
    buildTemplateContext(input),
    { htmlControls },
  );
  if (type === 'email' && typeof content.body === 'string') content.body = wrapInLayout(content.body, renderedLayout);
  return content;
}
