import { CONSOLE_PATH } from './console-page';

/**
 * Novu's `activityFeedLink` of a trigger answer: the console's list of the transaction's
 * notifications (which opens the timeline when there is one), absolute under `PUBLIC_URL` when it
 * is set; the API's activity route when the console is off.
 */
export function activityFeedLink(
  transactionId: string,
  config: { CONSOLE_ENABLED: boolean; PUBLIC_URL: string },
): string {
  const query = `transactionId=${encodeURIComponent(transactionId)}`;
  if (!config.CONSOLE_ENABLED) return `/v1/notifications?${query}`;
  return `${config.PUBLIC_URL.replace(/\/+$/, '')}${CONSOLE_PATH}/notifications?${query}`;
}
