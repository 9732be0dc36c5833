import { messagingMigrations } from '@herald/messaging';

import { TriggerSchema1764300000000 } from './1764300000000-trigger-schema';
import { ThrottleCounters1764400000000 } from './1764400000000-throttle-counters';
import { FailedTriggers1766000000000 } from './1766000000000-failed-triggers';
import { HeldDispatch1766100000000 } from './1766100000000-held-dispatch';
import { SubscriberOnlineStatus1766200000000 } from './1766200000000-subscriber-online-status';
import { DuplicateOncePerMessage1766300000000 } from './1766300000000-duplicate-once-per-message';
import { TopicSubscriptionName1766316000000 } from './1766316000000-topic-subscription-name';
import { ConsoleInsights1766317000000 } from './1766317000000-console-insights';

/** The schema trigger-worker owns. */
export const TRIGGER_SCHEMA = 'trigger';

/**
 * The trigger schema's migrations, in order: the outbox and ledger first, then the worker's tables,
 * the throttle counters, the quarantined triggers, the held dispatches, the online flag,
 * one duplicate row per message, the topic subscription's name and the console's indexes.
 */
export const workerMigrations = [
  ...messagingMigrations(TRIGGER_SCHEMA),
  TriggerSchema1764300000000,
  ThrottleCounters1764400000000,
  FailedTriggers1766000000000,
  HeldDispatch1766100000000,
  SubscriberOnlineStatus1766200000000,
  DuplicateOncePerMessage1766300000000,
  TopicSubscriptionName1766316000000,
  ConsoleInsights1766317000000,
];
