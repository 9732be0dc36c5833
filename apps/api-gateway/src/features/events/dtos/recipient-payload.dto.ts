import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A subscriber in `to` or `actor` (documentation; validated by `checkRecipients`/`checkActor`). */
export class SubscriberPayloadDto {
  @ApiProperty({ description: 'Your id of the subscriber', example: 'user-123', maxLength: 255 })
  subscriberId!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 320 }) email?: string | null;
  @ApiPropertyOptional({ nullable: true, maxLength: 64 }) phone?: string | null;
  @ApiPropertyOptional({ nullable: true }) firstName?: string | null;
  @ApiPropertyOptional({ nullable: true }) lastName?: string | null;
  @ApiPropertyOptional({ nullable: true }) avatar?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'en-US' }) locale?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'Europe/London' }) timezone?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) data?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    description: 'Channel credentials (push tokens, chat webhooks)',
    type: 'array',
    items: { type: 'object', properties: { providerId: { type: 'string' }, integrationIdentifier: { type: 'string' }, credentials: { type: 'object' } } },
  })
  channels?: unknown[];
}

/** A topic in `to`: every subscriber of the topic except `exclude`. */
export class TopicPayloadDto {
  @ApiProperty({ enum: ['Topic'] }) type!: 'Topic';
  @ApiProperty({ example: 'team-a' }) topicKey!: string;
  @ApiPropertyOptional({ type: [String], description: 'subscriberIds left out of this trigger' }) exclude?: string[];
}

/** A tenant object: updates the existing tenant's name and data. */
export class TenantPayloadDto {
  @ApiProperty({ example: 'acme' }) identifier!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) data?: Record<string, unknown>;
}
