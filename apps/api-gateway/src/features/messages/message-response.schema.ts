import { MESSAGES_RPC, workerMessageSchema, workerOffsetPageSchema } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';

/**
 * Novu's `MessageResponseDto` as Herald answers it: the worker's read model without the recipient
 * and provider columns, which become `email`/`phone` and an optional `providerId`. The mapper's
 * return type is inferred from it.
 */
export const messageResponseSchema = workerMessageSchema
  .omit({ recipient: true, providerId: true })
  .extend({
    _organizationId: z.string(),
    providerId: z.string().optional(),
    email: z.string().optional().openapi({ description: 'The address, for an email' }),
    phone: z.string().optional().openapi({ description: 'The number, for an SMS' }),
    read: z.boolean().openapi({ description: 'Always false: inbox state lives with the in-app runner' }),
    seen: z.boolean().openapi({ description: 'Always false: inbox state lives with the in-app runner' }),
    cta: z.object({}),
  })
  .openapi('MessageResponseDto');
export type MessageResponse = z.infer<typeof messageResponseSchema>;

/** `GET /v1/messages`: 0-based pages. */
export const messagePageSchema = workerOffsetPageSchema(messageResponseSchema);

/** `DELETE /v1/messages/:messageId`. */
export const messageDeletedSchema = z.object({ data: MESSAGES_RPC['messages.delete.v1'].response });
