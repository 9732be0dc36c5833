import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { FastPath } from '../../../pipeline/validation/fast-path.decorator';
import { TriggerEventRequestDto } from './trigger-event-request.dto';

/** Events in one bulk request. */
export const MAX_BULK_EVENTS = 100;

/**
 * `POST /v1/events/trigger/bulk`. The items are validated one by one by the use case, so a bad
 * event gets `status: "error"` in its result instead of failing the whole request — which is also
 * why a well-sized `events` array takes the fast path: class-transformer need not walk the items.
 */
@FastPath((value) => Array.isArray(value.events) && value.events.length >= 1 && value.events.length <= MAX_BULK_EVENTS)
export class BulkTriggerEventDto {
  @ApiProperty({ type: [TriggerEventRequestDto], minItems: 1, maxItems: MAX_BULK_EVENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_EVENTS)
  events!: unknown[];
}
