import { z } from 'zod';
import { deliveryChannelSchema, idSchema } from '@herald/contracts';

// These describe messages runners will exchange with the gateway; they move to @herald/contracts
// when the runner side lands (contracts is the only thing services may share).

/** RPC method (on the `api-gateway.rpc` queue): a runner asks for the integrations of a channel. */
export const INTEGRATIONS_LIST_FOR_RUNNER_V1 = 'integrations.list-for-runner.v1';

/** Request data of {@link INTEGRATIONS_LIST_FOR_RUNNER_V1}. */
export const listForRunnerRequestSchema = z.object({ environmentId: idSchema, channel: deliveryChannelSchema });
export type ListForRunnerRequest = z.infer<typeof listForRunnerRequestSchema>;

/** Event on the topic exchange after an integration changed, so runners drop their cached copy. */
export const INTEGRATION_CHANGED_V1 = 'integration.changed.v1';

/** Data of {@link INTEGRATION_CHANGED_V1}. Carries no credentials: runners fetch them over RPC. */
export const integrationChangedDataSchema = z.object({
  environmentId: idSchema,
  integrationId: idSchema,
  channel: deliveryChannelSchema,
  change: z.enum(['created', 'updated', 'deleted']),
});
export type IntegrationChangedData = z.infer<typeof integrationChangedDataSchema>;
