import { EMAIL_LAYOUT_BODY_MARK, EMAIL_LAYOUT_CONTROL, type JsonRecord, wrapInLayout } from '@herald/contracts';
import { buildTemplateContext, TemplateRenderer, TemplateRenderError } from '@herald/templating';

import { GatewayException } from '../../core/errors/gateway.exception';
import { sampleSubscriber } from '../workflows/step-preview';
import type { LayoutRecord } from './layout.repository';
import { BODY_PLACEHOLDER } from './layout.schema';
import type { LayoutPreviewResponse } from './layout-response.schema';

/** What stands where an email's body goes, so the preview shows the layout around something. */
export const LAYOUT_PREVIEW_BODY = '<p>The email’s content goes here.</p>';

export interface LayoutPreviewRequest {
  controlValues?: { email?: { body?: string } };
  previewPayload?: { subscriber?: JsonRecord };
}

/**
 * The layout's HTML (or the request's `controlValues.email.body` over it) rendered the way
 * runner-email renders a layout (decision 0040): Liquid with the sample subscriber, output escaped as
 * HTML, then {@link LAYOUT_PREVIEW_BODY} put where an email's body goes. A template error is a 422.
 */
export async function renderLayoutPreview(
  renderer: TemplateRenderer,
  layout: LayoutRecord,
  request: LayoutPreviewRequest,
): Promise<LayoutPreviewResponse> {
  const html = request.controlValues?.email?.body ?? layout.content;
  const subscriber = sampleSubscriber(request.previewPayload?.subscriber);
  const context = buildTemplateContext({ payload: {}, subscriber });
  try {
    const rendered = await renderer.renderControls(
      { [EMAIL_LAYOUT_CONTROL]: html.replace(BODY_PLACEHOLDER, EMAIL_LAYOUT_BODY_MARK) },
      context,
      { htmlControls: [EMAIL_LAYOUT_CONTROL] },
    );
    return {
      result: { type: 'email', preview: { body: wrapInLayout(LAYOUT_PREVIEW_BODY, rendered[EMAIL_LAYOUT_CONTROL]) } },
      previewPayloadExample: { subscriber },
      schema: null,
    };
  } catch (error) {
    if (error instanceof TemplateRenderError)
      throw GatewayException.invalidField('controlValues.email.body', [error.message], undefined, error.message);
    throw error;
  }
}
