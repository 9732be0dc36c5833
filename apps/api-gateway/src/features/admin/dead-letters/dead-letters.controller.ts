import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';

import { ZodValidationPipe } from '../../../pipeline/validation/zod-validation.pipe';
import { OperatorTokenGuard } from '../operator-token.guard';
import { DeadLettersService } from './dead-letters.service';

const limit = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100');
const listQuerySchema = z.object({ limit: limit.default(20) });
const replayQuerySchema = z.object({ limit: limit.optional() });

/** Operator routes over the dead-letter queues: what `herald dlq list|replay` does, for the console. */
@Controller('admin/dead-letters')
@UseGuards(OperatorTokenGuard)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  /** Every known work queue with the number of messages parked in its `.dead` queue. */
  @Get()
  async counts() {
    return { data: await this.deadLetters.counts() };
  }

  /** The oldest `limit` dead letters of a queue, with reason, attempts and body (nothing is consumed). */
  @Get(':queue')
  async list(
    @Param('queue') queue: string,
    @Query(new ZodValidationPipe(listQuerySchema)) query: z.output<typeof listQuerySchema>,
  ) {
    return { data: await this.deadLetters.list(queue, query.limit) };
  }

  /** Moves the queue's dead letters (or the oldest `limit`) back into the work queue. */
  @Post(':queue/replay')
  @HttpCode(200)
  async replay(
    @Param('queue') queue: string,
    @Query(new ZodValidationPipe(replayQuerySchema)) query: z.output<typeof replayQuerySchema>,
  ) {
    return { data: await this.deadLetters.replay(queue, query.limit) };
  }
}
