import type { RunnerIntegration } from '@herald/contracts';
import type { Provider } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

import type { DeliveryProvider } from '../providers/delivery-provider';
import type { RunnerChannel } from '../runner-config';

/** What makes one channel runner: its channel, its providers and its own extras. */
export interface RunnerDefinition {
  channel: RunnerChannel;
  /** The providers this runner drives; integrations of other providers are skipped. */
  providers: readonly DeliveryProvider[];
  /**
   * When set, the runner delivers with this integration only and never asks the gateway for
   * integrations (in-app: Herald's own inbox needs no provider account).
   */
  builtinIntegration?: RunnerIntegration;
  /**
   * Top-level controls that are HTML (email: `body`): Liquid output in them is HTML-escaped unless
   * its last filter is `raw`, or the step sets `disableOutputSanitization` (decision 0028).
   */
  htmlControls?: readonly string[];
  /** The channel carries files: the job's attachments are fetched from storage before sending. */
  attachments?: boolean;
  /** Migrations of the runner's own tables (e.g. the inbox), run after the delivery log's. */
  migrations?: readonly (new () => MigrationInterface)[];
  /** Extra Nest providers of the app (e.g. an RPC server). */
  nestProviders?: readonly Provider[];
}
