import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The access token the fake requires (enhanced push security on). */
export const EXPO_TEST_ACCESS_TOKEN = 'expo-access-token-0123456789';
/** A token Expo's ticket calls DeviceNotRegistered. */
export const UNREGISTERED_EXPO_TOKEN = 'ExponentPushToken[unregistered000000000]';

/** Answers the fake gives instead of accepting, in order (a whole answer for the next request). */
export interface ExpoScript {
  next: ScriptedResponse[];
}

/** A request-level error: `{errors: [{code, message}]}`. */
export const expoRequestError = (status: number, code: string, message: string): ScriptedResponse => ({
  status,
  body: { errors: [{ code, message, isTransient: status >= 500 || status === 429 }] },
});

/**
 * Expo's `POST /--/api/v2/push/send` as tests need it: Bearer access token, a JSON array of at
 * most 100 messages, each with an `ExponentPushToken[…]` `to`; 200 with one ticket per message,
 * `{status: 'ok', id}` or an error ticket (`DeviceNotRegistered` for {@link UNREGISTERED_EXPO_TOKEN}),
 * or Expo's request errors.
 */
export function fakeExpo(script: ExpoScript = { next: [] }): RequestResponder {
  let tickets = 0;
  return (request: ReceivedRequest) => {
    if (request.method !== 'POST' || request.path !== '/--/api/v2/push/send')
      return expoRequestError(404, 'NOT_FOUND', 'Not found');
    if (request.headers.authorization !== `Bearer ${EXPO_TEST_ACCESS_TOKEN}`)
      return expoRequestError(401, 'UNAUTHORIZED', 'The bearer token is invalid.');
    const messages = request.json;
    if (!Array.isArray(messages) || messages.length === 0 || messages.length > 100)
      return expoRequestError(400, 'VALIDATION_ERROR', '"value" must be an array of 1 to 100 messages');
    for (const message of messages as { to?: unknown }[])
      if (typeof message.to !== 'string' || !/^Expo(nent)?PushToken\[.+\]$/.test(message.to))
        return expoRequestError(400, 'VALIDATION_ERROR', `"to" must be a valid Expo push token`);
    const scripted = script.next.shift();
    if (scripted) return scripted;
    return {
      status: 200,
      body: {
        data: (messages as { to: string }[]).map((message) => {
          if (message.to === UNREGISTERED_EXPO_TOKEN)
            return {
              status: 'error',
              message: `"${message.to}" is not a registered push notification recipient`,
              details: { error: 'DeviceNotRegistered', expoPushToken: message.to },
            };
          tickets += 1;
          return { status: 'ok', id: `XXXXXXXX-XXXX-XXXX-XXXX-${String(tickets).padStart(12, '0')}` };
        }),
      },
    };
  };
}
