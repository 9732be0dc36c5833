import type { StepType } from '@herald/contracts';
import type { Provider, Type } from '@nestjs/common';

import { ChannelStep } from './channel/channel.step';
import { DelayStep } from './delay/delay.step';
import { DigestCoordinator } from './digest/digest.coordinator';
import { STEP_KINDS, type StepKind, type StepKinds } from './step-kind';
import { ThrottleGate } from './throttle/throttle.gate';

/**
 * The handler of every step type: a new step kind is its folder under steps/ and one line here.
 * The engine starts a round's kinds in this order, so every transaction takes their locks (digest
 * groups before throttle counters) in the same order and two of them cannot wait on each other.
 */
const STEP_KIND_HANDLERS = {
  email: ChannelStep,
  sms: ChannelStep,
  push: ChannelStep,
  chat: ChannelStep,
  in_app: ChannelStep,
  delay: DelayStep,
  digest: DigestCoordinator,
  throttle: ThrottleGate,
} satisfies Record<StepType, Type<StepKind>>;

const handlerClasses = [...new Set(Object.values(STEP_KIND_HANDLERS))];

/** The step kinds' handlers and the `STEP_KINDS` map over them, for the worker's module. */
export const stepKindProviders: Provider[] = [
  ...handlerClasses,
  {
    provide: STEP_KINDS,
    inject: handlerClasses,
    useFactory: (...handlers: StepKind[]): StepKinds =>
      Object.fromEntries(
        Object.entries(STEP_KIND_HANDLERS).map(([type, handler]) => [type, handlers[handlerClasses.indexOf(handler)]]),
      ) as StepKinds,
  },
];
