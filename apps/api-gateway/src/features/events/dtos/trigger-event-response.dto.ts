import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Novu's trigger statuses. */
export const TRIGGER_STATUSES = [
  'error',
  'trigger_not_active',
  'no_workflow_active_steps_defined',
  'no_workflow_steps_defined',
  'processed',
  'no_tenant_found',
  'invalid_recipients',
] as const;
export type TriggerStatus = (typeof TRIGGER_STATUSES)[number];

/** What was queued for a processed trigger. */
export class TriggerJobDataDto {
  @ApiProperty({ description: 'The workflow identifier' }) workflowId!: string;
  @ApiProperty({ description: 'The workflow version the trigger was validated against' }) workflowVersion!: number;
  @ApiProperty({ enum: ['trigger', 'broadcast'] }) kind!: 'trigger' | 'broadcast';
  @ApiProperty({ description: 'Recipients after mapping (a topic counts once)' }) recipients!: number;
  @ApiProperty({ description: 'Recipients dropped because they named nobody' }) droppedRecipients!: number;
  @ApiProperty() attachments!: number;
}

/** The result of one trigger (Novu's `TriggerEventResponseDto`). */
export class TriggerEventResponseDto {
  @ApiProperty({ description: 'Whether the trigger was acknowledged' }) acknowledged!: boolean;
  @ApiProperty({ enum: TRIGGER_STATUSES }) status!: TriggerStatus;
  @ApiPropertyOptional({ type: [String], description: 'Why the trigger failed (status "error")' }) error?: string[];
  @ApiPropertyOptional() transactionId?: string;
  @ApiPropertyOptional({ description: 'Where to follow the trigger in the activity feed' }) activityFeedLink?: string;
  @ApiPropertyOptional({ type: TriggerJobDataDto }) jobData?: TriggerJobDataDto;
}

/** `{"data": …}` around a trigger result. */
export class TriggerEventResponseEnvelopeDto {
  @ApiProperty({ type: TriggerEventResponseDto }) data!: TriggerEventResponseDto;
}

/** `{"data": [...]}` around bulk results, one per event in request order. */
export class BulkTriggerEventResponseEnvelopeDto {
  @ApiProperty({ type: [TriggerEventResponseDto] }) data!: TriggerEventResponseDto[];
}
