import { z } from 'zod';

import { idSchema } from '../common/primitives.schema';
import { RpcMethodContract, workerRpcScope } from './trigger-worker-rpc';

/**
 * RPC method the gateway calls before admitting a broadcast or a trigger naming topics: how many
 * subscribers it will reach, counted up to `cap` (the most it charges), so the rate limit charges
 * by audience (docs/decisions/0033-rate-limits-by-audience.md). A topic's size is its member
 * count; a trigger's `exclude` list is not subtracted.
 */
export const AUDIENCE_SIZE_V1 = 'audience.size.v1' as const;

/** Most distinct topic keys one request names (100 bulk events of 100 recipients each). */
export const AUDIENCE_SIZE_MAX_TOPICS = 10_000;

/** Request data of {@link AUDIENCE_SIZE_V1}. */
export const audienceSizeRequestSchema = z.object({
  ...workerRpcScope,
  /** Count every subscriber of the environment (a broadcast). */
  everyone: z.boolean(),
  /** Topics whose members to count, by key; unknown keys count 0. */
  topicKeys: z.array(idSchema).max(AUDIENCE_SIZE_MAX_TOPICS),
  /** Stop counting at this many rows in all (each count below is at most `cap`). */
  cap: z.number().int().min(1).max(10_000_000),
});
export type AudienceSizeRequest = z.infer<typeof audienceSizeRequestSchema>;

/** Response data of {@link AUDIENCE_SIZE_V1}. */
export const audienceSizeResponseSchema = z.object({
  /** Subscribers of the environment (0 unless `everyone`). */
  everyone: z.number().int().min(0),
  /** Members per named topic that has any. */
  topics: z.record(idSchema, z.number().int().min(0)),
  /** True when counting stopped at `cap`: the audience is at least `cap`. */
  capped: z.boolean(),
});
export type AudienceSizeResponse = z.infer<typeof audienceSizeResponseSchema>;

/** {@link AUDIENCE_SIZE_V1} as a method contract. */
export const AUDIENCE_RPC = {
  [AUDIENCE_SIZE_V1]: { request: audienceSizeRequestSchema, response: audienceSizeResponseSchema },
} as const satisfies Record<string, RpcMethodContract>;
