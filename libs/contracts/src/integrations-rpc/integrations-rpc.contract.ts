import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { boundedString, idSchema, jsonRecordSchema, nameSchema } from '../common/primitives.schema';

/** The service whose RPC queue (`api-gateway.rpc`) serves the integrations of an environment. */
export const INTEGRATIONS_RPC_SERVICE = 'api-gateway' as const;

/** RPC method: a runner asks the gateway for the integrations of one channel of one environment. */
export const INTEGRATIONS_LIST_FOR_RUNNER_V1 = 'integrations.list-for-runner.v1' as const;

/** Request data of {@link INTEGRATIONS_LIST_FOR_RUNNER_V1}; `environmentId` equals the envelope's. */
export const integrationsListForRunnerRequestSchema = z.object({
  environmentId: idSchema,
  channel: deliveryChannelSchema,
});
export type IntegrationsListForRunnerRequest = z.infer<typeof integrationsListForRunnerRequestSchema>;

/**
 * An active integration as a runner delivers with it: credentials in clear (they travel only over
 * RPC between the gateway and the runners, never on the topic exchange, never to HTTP clients).
 */
export const runnerIntegrationSchema = z.object({
  id: idSchema,
  identifier: idSchema,
  /** Novu's provider id (`sendgrid`, `twilio`, `fcm`, `slack`, ...) or a Herald webhook provider. */
  providerId: boundedString(100),
  channel: deliveryChannelSchema,
  name: nameSchema,
  primary: z.boolean(),
  priority: z.number().int(),
  conditions: z.array(z.unknown()),
  credentials: jsonRecordSchema,
});
export type RunnerIntegration = z.infer<typeof runnerIntegrationSchema>;

/** Response data of {@link INTEGRATIONS_LIST_FOR_RUNNER_V1}: the primary first, then by descending priority. */
export const integrationsListForRunnerResponseSchema = z.array(runnerIntegrationSchema);

/** Event on the topic exchange after an integration changed; every runner replica drops its cached copy. */
export const INTEGRATION_CHANGED_V1 = 'integration.changed.v1' as const;

/** Data of {@link INTEGRATION_CHANGED_V1}. Carries no credentials: runners fetch them over RPC. */
export const integrationChangedDataSchema = z.object({
  environmentId: idSchema,
  integrationId: idSchema,
  channel: deliveryChannelSchema,
  change: z.enum(['created', 'updated', 'deleted']),
});
export type IntegrationChangedData = z.infer<typeof integrationChangedDataSchema>;
