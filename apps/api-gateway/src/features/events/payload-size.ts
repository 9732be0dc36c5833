import { CONTRACT_LIMITS } from '@herald/contracts';

import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';

/**
 * 413 when the payload, serialized without `attachments` (those travel as references), is over
 * the contract's 512 KB — checked before anything is looked up or queued. Returns the payload's
 * serialized size when it has no `attachments` (then it is queued as it is, and the publisher
 * need not measure it again).
 */
export function assertPayloadSize(payload: Record<string, unknown>): number | undefined {
  const hasAttachments = Object.hasOwn(payload, 'attachments');
  const rest = hasAttachments ? withoutAttachments(payload) : payload;
  const bytes = Buffer.byteLength(JSON.stringify(rest), 'utf8');
  if (bytes > CONTRACT_LIMITS.maxPayloadBytes) {
    throw new GatewayException(
      GatewayErrorCode.PayloadTooLarge,
      `payload must serialize to at most ${CONTRACT_LIMITS.maxPayloadBytes} bytes, attachments excluded (got ${bytes})`,
    );
  }
  return hasAttachments ? undefined : bytes;
}

function withoutAttachments(payload: Record<string, unknown>): Record<string, unknown> {
  const { attachments: _attachments, ...rest } = payload;
  return rest;
}
