import { CONTRACT_LIMITS, safeIdentifier } from '@herald/contracts';

import { intQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { z } from '../../core/openapi/openapi-zod';

/** Where the email's body goes in a layout: Novu's v1 `{{{body}}}` (or `{{ body }}`), or v2's `{{content}}`. */
export const BODY_PLACEHOLDER = /{{{\s*body\s*}}}|{{\s*body\s*}}|{{\s*content\s*}}/;

const identifier = safeIdentifier(
  z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'),
);
const name = z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(255);
const content = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .max(CONTRACT_LIMITS.maxTemplateLength, `must be at most ${CONTRACT_LIMITS.maxTemplateLength} characters`)
  .refine((text) => BODY_PLACEHOLDER.test(text), 'must contain the {{{body}}} (or {{content}}) placeholder');
const variables = z.array(z.record(z.string(), z.unknown())).max(100).optional();

/** `POST /v1/layouts` (Novu's `CreateLayoutRequestDto`). */
export const createLayoutBodySchema = z.object({
  name,
  identifier,
  description: z.string().max(2000).optional(),
  content,
  variables,
  isDefault: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
});
export type CreateLayoutBody = z.output<typeof createLayoutBodySchema>;

/** `PATCH /v1/layouts/:layoutId` (`UpdateLayoutRequestDto`). */
export const updateLayoutBodySchema = createLayoutBodySchema.partial();
export type UpdateLayoutBody = z.output<typeof updateLayoutBodySchema>;

/** `GET /v1/layouts` (`GetLayoutsRequestDto`); `layoutId` is what `@novu/node`'s `layouts.get` sends. */
export const listLayoutsQuerySchema = z.object({
  page: intQuery(0, 10_000).default(0),
  pageSize: intQuery(1, 100).default(10),
  sortBy: z.enum(['createdAt', 'name']).default('createdAt'),
  orderBy: z.union([z.literal('1'), z.literal('-1'), z.literal(1), z.literal(-1)]).default(-1),
  layoutId: z.string().max(255).optional(),
});
export type ListLayoutsQuery = z.output<typeof listLayoutsQuerySchema>;

/** Novu's v2 layout identifier (`layoutId`). */
const layoutIdentifier = identifier;

/** `POST /v2/layouts` (`CreateLayoutDto`): a new layout starts as just the body. */
export const createLayoutV2BodySchema = z.object({
  layoutId: layoutIdentifier,
  name,
  isTranslationEnabled: z.boolean().optional(),
  source: z.string().max(32).optional(),
});
export type CreateLayoutV2Body = z.output<typeof createLayoutV2BodySchema>;

/** `PUT /v2/layouts/:layoutId` (`UpdateLayoutDto`): the email body is the layout's HTML. */
export const updateLayoutV2BodySchema = z.object({
  name,
  isTranslationEnabled: z.boolean().optional(),
  controlValues: z
    .object({
      email: z
        .object({ body: content, editorType: z.enum(['html', 'block']).optional() })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .nullable()
    .optional(),
});
export type UpdateLayoutV2Body = z.output<typeof updateLayoutV2BodySchema>;

/** `POST /v2/layouts/:layoutId/duplicate` (`DuplicateLayoutDto`). */
export const duplicateLayoutV2BodySchema = z.object({ name, isTranslationEnabled: z.boolean().optional() });

/** `GET /v2/layouts` (`LayoutsControllerListRequest`). */
export const listLayoutsV2QuerySchema = z.object({
  limit: intQuery(1, 100).default(10),
  offset: intQuery(0, 100_000).default(0),
  orderBy: z.enum(['createdAt', 'updatedAt', 'name']).default('createdAt'),
  orderDirection: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(['ASC', 'DESC']))
    .default('DESC'),
  query: z.string().max(255).optional(),
});
export type ListLayoutsV2Query = z.output<typeof listLayoutsV2QuerySchema>;

/**
 * `POST /v2/layouts/:layoutId/preview` (Novu's `LayoutPreviewRequestDto`): layout HTML to preview in
 * place of the stored one, and a sample subscriber.
 */
export const layoutPreviewBodySchema = z.object({
  controlValues: z
    .object({
      email: z
        .object({ body: content.optional(), editorType: z.enum(['html', 'block']).optional() })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .optional(),
  previewPayload: z
    .object({ subscriber: z.record(z.string(), z.unknown(), { invalid_type_error: 'must be an object' }).optional() })
    .optional(),
});
export type LayoutPreviewBody = z.output<typeof layoutPreviewBodySchema>;
