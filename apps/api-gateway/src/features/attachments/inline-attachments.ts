import { createHash } from 'node:crypto';

import {
  attachmentRefSchema,
  CONTRACT_LIMITS,
  DeliveryChannel,
  deliveryChannelSchema,
  nameSchema,
  safeIdentifier,
} from '@herald/contracts';
import { z } from 'zod';

import { toFieldErrors } from '../../core/errors/field-errors';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { parseStrictBase64, StrictBase64 } from './strict-base64';

/** Where the attachments are in a trigger body (field names in errors start here). */
export const INLINE_ATTACHMENTS_FIELD = 'payload.attachments';

/** A client's attachment, decoded and checked, ready to upload. */
export interface InlineAttachment {
  name: string;
  mime: string;
  channels?: DeliveryChannel[];
  bytes: Buffer;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
}

const inlineAttachmentsSchema = z
  .array(
    z.object({
      file: z.string({ invalid_type_error: 'must be a base64 string', required_error: 'is required' }),
      name: safeIdentifier(nameSchema),
      mime: attachmentRefSchema.shape.mime,
      channels: z.array(deliveryChannelSchema).optional(),
    }),
    { invalid_type_error: 'must be an array' },
  )
  .max(CONTRACT_LIMITS.maxAttachments, `must list at most ${CONTRACT_LIMITS.maxAttachments} attachments`);

/**
 * Reads Novu's `payload.attachments: [{file: <base64>, name, mime, channels?}]`: a malformed
 * entry or a `file` that is not base64 → 422 naming the field; more than 20 MB decoded in all →
 * 413 (counted before decoding anything). Absent → none.
 */
export function readInlineAttachments(value: unknown): InlineAttachment[] {
  if (value === undefined) return [];
  const parsed = inlineAttachmentsSchema.safeParse(value);
  if (!parsed.success) {
    throw GatewayException.requestValidation(toFieldErrors(parsed.error, value, { at: INLINE_ATTACHMENTS_FIELD }));
  }

  const files: StrictBase64[] = [];
  const invalid: Record<string, { messages: string[] }> = {};
  parsed.data.forEach((attachment, index) => {
    const file = parseStrictBase64(attachment.file);
    if (file) files.push(file);
    // The value is not echoed: it can be megabytes.
    else
      invalid[`${INLINE_ATTACHMENTS_FIELD}[${index}].file`] = {
        messages: ['must be a non-empty, padded base64 string'],
      };
  });
  if (Object.keys(invalid).length > 0) throw GatewayException.requestValidation(invalid);

  const totalBytes = files.reduce((sum, file) => sum + file.decodedBytes, 0);
  if (totalBytes > CONTRACT_LIMITS.maxAttachmentBytes) {
    throw new GatewayException(
      GatewayErrorCode.PayloadTooLarge,
      `attachments must total at most ${CONTRACT_LIMITS.maxAttachmentBytes} bytes decoded per event (got ${totalBytes})`,
    );
  }

  return parsed.data.map((attachment, index) => {
    const bytes = Buffer.from(files[index].compact, 'base64');
    return {
      name: attachment.name,
      mime: attachment.mime,
      ...(attachment.channels ? { channels: attachment.channels } : {}),
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
}
