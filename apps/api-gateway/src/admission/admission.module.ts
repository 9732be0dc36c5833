import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { RateLimitPolicies } from '../rate-limit/rate-limit.policies';
import { AdmissionInterceptor } from './admission.interceptor';
import { AdmissionStore } from './admission.store';

/** Registers the admission interceptor (rate limit, then idempotency) for every route. */
@Module({
  providers: [AdmissionStore, IdempotencyStore, RateLimitPolicies, { provide: APP_INTERCEPTOR, useClass: AdmissionInterceptor }],
})
export class AdmissionModule {}
