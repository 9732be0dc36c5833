/**
 * The work queues that have a `.dead` queue, as `<service>.<purpose>` without the name prefix: the
 * shared queues the services declare (per-replica queues are exclusive and dead-letter nothing an
 * operator could replay). `dead-letter-queues.spec.ts` checks this list against the source, the way
 * `k8s/test/rabbitmq-definitions.spec.ts` finds the topology.
 */
export const DEAD_LETTER_WORK_QUEUES = [
  'trigger-worker.trigger-requested',
  'trigger-worker.job-status',
  'runner-email.dispatch',
  'runner-sms.dispatch',
  'runner-push.dispatch',
  'runner-chat.dispatch',
  'runner-in-app.dispatch',
  'runner-in-app.message-deletions',
] as const;

export type DeadLetterWorkQueue = (typeof DEAD_LETTER_WORK_QUEUES)[number];

/** The work queue an operator named, when it is one of {@link DEAD_LETTER_WORK_QUEUES} (`.dead` accepted). */
export function knownWorkQueue(name: string): DeadLetterWorkQueue | undefined {
  const workQueue = name.endsWith('.dead') ? name.slice(0, -'.dead'.length) : name;
  return DEAD_LETTER_WORK_QUEUES.find((queue) => queue === workQueue);
}
