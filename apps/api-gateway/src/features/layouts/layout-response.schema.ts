import { z } from '../../core/openapi/openapi-zod';

const dateTime = () => z.string().openapi({ format: 'date-time' });

/** Novu's v1 `LayoutDto`: an email layout (`{{{body}}}` marks where the email's body goes). */
export const layoutV1ResponseSchema = z
  .object({
    _id: z.string(),
    _organizationId: z.string(),
    _environmentId: z.string(),
    _creatorId: z.string(),
    name: z.string(),
    identifier: z.string(),
    description: z.string().optional(),
    channel: z.literal('email'),
    content: z.string(),
    contentType: z.literal('customHtml'),
    variables: z.array(z.unknown()),
    isDefault: z.boolean(),
    isDeleted: z.boolean(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  })
  .openapi('LayoutDto');
export type LayoutV1Response = z.infer<typeof layoutV1ResponseSchema>;

/** `POST /v1/layouts` (`CreateLayoutResponseDto`). */
export const createdLayoutV1Schema = z.object({ data: z.object({ _id: z.string() }) });
export const layoutV1EnvelopeSchema = z.object({ data: layoutV1ResponseSchema });
/** `GET /v1/layouts`: a 0-based offset page. */
export const layoutV1PageSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  totalCount: z.number().int(),
  data: z.array(layoutV1ResponseSchema),
});

/** Novu's v2 `LayoutResponseDto`: `layoutId` is the v1 identifier, `controls.values.email.body` the v1 content. */
export const layoutV2ResponseSchema = z
  .object({
    _id: z.string(),
    layoutId: z.string(),
    slug: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    isTranslationEnabled: z.boolean(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
    origin: z.literal('novu-cloud'),
    type: z.literal('REGULAR'),
    variables: z.null(),
    controls: z.object({
      values: z.object({ email: z.object({ body: z.string(), editorType: z.literal('html') }) }),
    }),
  })
  .openapi('LayoutResponseDto');
export type LayoutV2Response = z.infer<typeof layoutV2ResponseSchema>;

export const layoutV2EnvelopeSchema = z.object({ data: layoutV2ResponseSchema });
/** `GET /v2/layouts` (`ListLayoutsResponseDto`). */
export const layoutV2ListSchema = z.object({
  data: z.object({ layouts: z.array(layoutV2ResponseSchema), totalCount: z.number().int() }),
});

/** `GET /v2/layouts/:layoutId/usage` (`GetLayoutUsageResponseDto`): the workflows whose email steps use it. */
export const layoutUsageSchema = z.object({
  data: z
    .object({ workflows: z.array(z.object({ name: z.string(), workflowId: z.string() }).openapi('WorkflowInfoDto')) })
    .openapi('GetLayoutUsageResponseDto'),
});

const previewSubscriberSchema = z.object({
  id: z.string(),
  subscriberId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  avatar: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

/** `POST /v2/layouts/:layoutId/preview` (`GenerateLayoutPreviewResponseDto`): the layout's HTML, rendered. */
export const layoutPreviewResponseSchema = z
  .object({
    result: z.object({ type: z.literal('email'), preview: z.object({ body: z.string() }) }),
    previewPayloadExample: z.object({ subscriber: previewSubscriberSchema }),
    schema: z.null(),
  })
  .openapi('GenerateLayoutPreviewResponseDto');
export type LayoutPreviewResponse = z.infer<typeof layoutPreviewResponseSchema>;
export const layoutPreviewEnvelopeSchema = z.object({ data: layoutPreviewResponseSchema });
