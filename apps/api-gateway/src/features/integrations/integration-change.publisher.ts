import { createEnvelope } from '@herald/contracts';
import { INTEGRATION_CHANGED_V1, IntegrationChangedData } from '@herald/contracts';
import { MessagePublisher } from '@herald/messaging';
import { Injectable, Logger, Optional } from '@nestjs/common';

/**
 * Tells runners an integration changed (`integration.changed.v1`). Best effort, after the commit:
 * a lost event only means a runner serves its cached copy until that cache expires, so a broker
 * outage must not fail the API call. Silent when the app runs without messaging.
 */
@Injectable()
export class IntegrationChangePublisher {
  private readonly logger = new Logger(IntegrationChangePublisher.name);

  constructor(@Optional() private readonly publisher?: MessagePublisher) {}

  async publish(data: IntegrationChangedData): Promise<void> {
    if (!this.publisher) return;
    try {
      // Not mandatory: with no runner listening the event has nobody to inform, which is fine.
      await this.publisher.publish(createEnvelope(INTEGRATION_CHANGED_V1, data.environmentId, data), {
        mandatory: false,
      });
    } catch (error) {
      this.logger.warn(
        `could not publish ${INTEGRATION_CHANGED_V1} for integration ${data.integrationId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
