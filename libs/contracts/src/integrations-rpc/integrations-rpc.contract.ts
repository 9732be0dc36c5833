import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { boundedString, idSchema, jsonRecordSchema, nameSchema } from '../common/primitives.schema';
import { sealedCredentialsSchema } from './runner-credentials.seal';

/** The service whose RPC queue (`api-gateway.rpc`) serves the integrations of an environment. */
export const INTEGRATIONS_RPC_SERVICE = 'api-gateway' as const;

/**
 * RPC method: a runner asks the gateway for the integrations of one channel of one environment,
 * and gets their credentials in clear. Superseded by {@link INTEGRATIONS_LIST_FOR_RUNNER_V2}; the
 * gateway serves it only while `INTEGRATIONS_RPC_SERVE_CLEAR_V1` is on (a rolling upgrade from
 * runners that call it), and no runner of this release calls it (decision 0031).
 */
export const INTEGRATIONS_LIST_FOR_RUNNER_V1 = 'integrations.list-for-runner.v1' as const;

/**
 * RPC method: as {@link INTEGRATIONS_LIST_FOR_RUNNER_V1} (same request), but each integration's
 * credentials come sealed for the runner (`RUNNER_CREDENTIALS_KEY`), never in clear.
 */
export const INTEGRATIONS_LIST_FOR_RUNNER_V2 = 'integrations.list-for-runner.v2' as const;

/** Request data of {@link INTEGRATIONS_LIST_FOR_RUNNER_V1} and `.v2`; `environmentId` equals the envelope's. */
export const integrationsListForRunnerRequestSchema = z.object({
  environmentId: idSchema,
  channel: deliveryChannelSchema,
});
export type IntegrationsListForRunnerRequest = z.infer<typeof integrationsListForRunnerRequestSchema>;

/**
 * An active integration as a runner delivers with it: credentials in clear. Only in a runner's
 * memory, after it opened the seal; on the broker only in the retired `.v1` answer.
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

/** An active integration as `.v2` answers it: everything a runner needs, the credentials sealed for it. */
export const sealedRunnerIntegrationSchema = runnerIntegrationSchema.omit({ credentials: true }).extend({
  /** Opened with `RunnerCredentialsSeal#open`, bound to the request's environment, this `id` and `channel`. */
  sealedCredentials: sealedCredentialsSchema,
});
export type SealedRunnerIntegration = z.infer<typeof sealedRunnerIntegrationSchema>;

/** Response data of {@link INTEGRATIONS_LIST_FOR_RUNNER_V2}: the primary first, then by descending priority. */
export const integrationsListForRunnerV2ResponseSchema = z.array(sealedRunnerIntegrationSchema);

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
