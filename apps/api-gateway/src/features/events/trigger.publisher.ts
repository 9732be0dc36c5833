import { ContractViolationError, TriggerRequestedData } from '@herald/contracts';
import { MessagePublisher, MessagingError } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { contractViolationAsValidation } from '../../core/errors/error-response';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { TriggerMessageBuilder, TriggerRequestedMessage } from './trigger-message.builder';

/**
 * The gateway's one way onto the broker for triggers: validates the message against the
 * contract (an invalid one fails here, as a 422, not in the worker's dead-letter queue) and
 * resolves only once the broker confirmed it. Broker trouble of any kind — unreachable, channel
 * closed, nack, confirm timeout, no queue bound — is a 503: nothing may be acknowledged that was
 * not queued.
 */
@Injectable()
export class TriggerPublisher {
  private readonly messages = new TriggerMessageBuilder();

  constructor(private readonly publisher: MessagePublisher) {}

  /** `payloadBytes`: the UTF-8 size of `JSON.stringify(data.payload)`, when the caller measured it. */
  async publish(data: TriggerRequestedData, payloadBytes?: number): Promise<void> {
    const message = this.buildMessage(data, payloadBytes);
    try {
      await this.publisher.publish(message);
    } catch (error) {
      if (error instanceof MessagingError) throw unavailable(`the message broker did not confirm it (${error.code})`);
      throw error;
    }
  }

  private buildMessage(data: TriggerRequestedData, payloadBytes?: number): TriggerRequestedMessage {
    try {
      return this.messages.build(data, payloadBytes);
    } catch (error) {
      if (error instanceof ContractViolationError) throw contractViolationAsValidation(error);
      throw error;
    }
  }
}

function unavailable(reason: string): GatewayException {
  return new GatewayException(
    GatewayErrorCode.BrokerUnavailable,
    `The trigger was not queued: ${reason}. Retry later`,
    {
      headers: { 'Retry-After': '1' },
    },
  );
}
