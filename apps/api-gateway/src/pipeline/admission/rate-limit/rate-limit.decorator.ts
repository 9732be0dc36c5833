import { SetMetadata } from '@nestjs/common';

import type { AudienceKind } from './audience';

/** The buckets an environment's requests draw from. */
export type RateLimitCategory = 'trigger' | 'other';

/** What a route costs. */
export interface RateLimitRule {
  category: RateLimitCategory;
  /** The cost of every request, or 1 for a route charged by audience before it is counted. */
  cost: number;
  /** Set when a request costs the size of the audience its body names (`AudienceCounter`). */
  audience?: AudienceKind;
}

export const RATE_LIMIT_RULE = Symbol('RATE_LIMIT_RULE');

/** Every route not marked otherwise. */
export const DEFAULT_RATE_LIMIT_RULE: RateLimitRule = { category: 'other', cost: 1 };

/**
 * Marks a route's rate-limit category and cost: a fixed number of tokens, or the size of the
 * audience its body names (`'recipients'`, `'bulk'`, `'broadcast'`; decision 0033).
 */
export const RateLimit = (category: RateLimitCategory, cost: number | AudienceKind = 1) =>
  SetMetadata(
    RATE_LIMIT_RULE,
    (typeof cost === 'number' ? { category, cost } : { category, cost: 1, audience: cost }) satisfies RateLimitRule,
  );
