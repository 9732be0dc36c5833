import { Module } from '@nestjs/common';
import { IdempotencyLeases } from '../idempotency/idempotency-leases';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { RateLimitPolicies } from './rate-limit/rate-limit.policies';
import { AdmissionGate } from './admission.gate';
import { AdmissionStore } from './admission.store';

/** Rate limit and idempotency for authenticated routes (the API-key guard runs the gate). */
@Module({
  providers: [AdmissionGate, AdmissionStore, IdempotencyStore, IdempotencyLeases, RateLimitPolicies],
  exports: [AdmissionGate, IdempotencyLeases, IdempotencyStore],
})
export class AdmissionModule {}
