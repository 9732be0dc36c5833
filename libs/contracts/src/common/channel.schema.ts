import { z } from 'zod';

/** The channels a message is delivered on, with Novu's names; each has its own runner. */
export const DELIVERY_CHANNELS = ['email', 'sms', 'push', 'chat', 'in_app'] as const;
/** One of `DELIVERY_CHANNELS`. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
/** Validates a delivery channel. */
export const deliveryChannelSchema = z.enum(DELIVERY_CHANNELS);

/** Steps trigger-worker executes itself (they never reach a runner). */
export const ACTION_STEP_TYPES = ['delay', 'digest', 'throttle'] as const;
/** One of `ACTION_STEP_TYPES`. */
export type ActionStepType = (typeof ACTION_STEP_TYPES)[number];

/** Every workflow step type. */
export const STEP_TYPES = [...DELIVERY_CHANNELS, ...ACTION_STEP_TYPES] as const;
/** One of `STEP_TYPES`. */
export type StepType = (typeof STEP_TYPES)[number];
/** Validates a step type. */
export const stepTypeSchema = z.enum(STEP_TYPES);

/** True when `value` names a delivery channel (and so a runner), as opposed to an action step. */
export function isDeliveryChannel(value: string): value is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(value);
}
