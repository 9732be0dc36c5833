import { SetMetadata } from '@nestjs/common';

/** The buckets an environment's requests draw from. */
export type RateLimitCategory = 'trigger' | 'other';

/** What a route costs. */
export interface RateLimitRule {
  category: RateLimitCategory;
  cost: number;
}

export const RATE_LIMIT_RULE = Symbol('RATE_LIMIT_RULE');

/** Every route not marked otherwise. */
export const DEFAULT_RATE_LIMIT_RULE: RateLimitRule = { category: 'other', cost: 1 };

/** Marks a route's rate-limit category and cost (bulk and broadcast triggers cost 100). */
export const RateLimit = (category: RateLimitCategory, cost = 1) =>
  SetMetadata(RATE_LIMIT_RULE, { category, cost } satisfies RateLimitRule);
