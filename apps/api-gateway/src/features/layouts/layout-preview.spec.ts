import { TemplateRenderer } from '@herald/templating';

import { GatewayException } from '../../core/errors/gateway.exception';
import type { LayoutRecord } from './layout.repository';
import { LAYOUT_PREVIEW_BODY, renderLayoutPreview } from './layout-preview';

const layout = (content: string): LayoutRecord => ({
  id: '00000000-0000-4000-8000-000000000001',
  environmentId: 'env',
  identifier: 'brand',
  name: 'Brand',
  description: null,
  content,
  variables: [],
  isDefault: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('renderLayoutPreview', () => {
  const renderer = new TemplateRenderer();

  it('renders the stored layout for the sample subscriber, escaped, around a stand-in body', async () => {
    const preview = await renderLayoutPreview(renderer, layout('<div>{{subscriber.firstName}}{{{body}}}</div>'), {
      previewPayload: { subscriber: { firstName: '<i>Ada</i>', subscriberId: 'ada' } },
    });
    expect(preview.result).toEqual({
      type: 'email',
      preview: { body: `<div>&lt;i&gt;Ada&lt;/i&gt;${LAYOUT_PREVIEW_BODY}</div>` },
    });
    expect(preview.previewPayloadExample.subscriber).toMatchObject({ subscriberId: 'ada', lastName: 'Doe' });
    expect(preview.schema).toBeNull();
  });

  it('previews the request’s HTML over the stored one', async () => {
    const preview = await renderLayoutPreview(renderer, layout('<div>{{content}}</div>'), {
      controlValues: { email: { body: '<main>{{ subscriber.email }}{{ content }}</main>' } },
    });
    expect(preview.result.preview.body).toBe(`<main>subscriber@example.com${LAYOUT_PREVIEW_BODY}</main>`);
  });

  it('answers a template error as a 422 naming the layout HTML', async () => {
    const failing = renderLayoutPreview(renderer, layout('<div>{{ x | no_such_filter }}{{content}}</div>'), {});
    await expect(failing).rejects.toBeInstanceOf(GatewayException);
    await expect(failing).rejects.toMatchObject({ detail: { errors: { 'controlValues.email.body': {} } } });
  });
});
