import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { TokenBucketLimiter } from './token-bucket.limiter';

/**
 * Registers the rate-limit interceptor for every route. Import it before IdempotencyModule:
 * global interceptors run in registration order, and the limit must come first.
 */
@Module({
  providers: [TokenBucketLimiter, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }],
})
export class RateLimitModule {}
