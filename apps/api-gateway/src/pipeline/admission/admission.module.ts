import { Module } from '@nestjs/common';

import { IdempotencyStore } from '../idempotency/idempotency.store';
import { IdempotencyLeases } from '../idempotency/idempotency-leases';
import { AdmissionGate } from './admission.gate';
import { AdmissionStore } from './admission.store';
import { AudienceCounter } from './rate-limit/audience-counter';
import { RateLimitPolicies } from './rate-limit/rate-limit.policies';

/** Rate limit and idempotency for authenticated routes (the API-key guard runs the gate). */
@Module({
  providers: [AdmissionGate, AdmissionStore, IdempotencyStore, IdempotencyLeases, RateLimitPolicies, AudienceCounter],
  exports: [AdmissionGate, IdempotencyLeases, IdempotencyStore],
})
export class AdmissionModule {}
