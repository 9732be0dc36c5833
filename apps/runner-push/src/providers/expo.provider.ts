import {
  applyProviderOverrides,
  clip,
  type DeliveryProvider,
  failureFromError,
  failureFromResponse,
  parseJson,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { composePush, type PushMessage } from './push-message';

const DEFAULT_BASE_URL = 'https://exp.host';
/** Expo takes at most 100 messages per request. */
const CHUNK = 100;

/** One push ticket: accepted with an id, or refused for this device. */
interface ExpoTicket {
  status?: unknown;
  id?: unknown;
  message?: unknown;
  details?: { error?: unknown };
}

/** Ticket error codes and what they mean for Herald. */
const TICKET_ERRORS: Record<string, Pick<ProviderFailure, 'code' | 'retryable'>> = {
  DeviceNotRegistered: { code: 'provider_rejected', retryable: false },
  MessageTooBig: { code: 'provider_rejected', retryable: false },
  MessageRateExceeded: { code: 'provider_rate_limited', retryable: true },
  MismatchSenderId: { code: 'provider_auth_failed', retryable: false },
  InvalidCredentials: { code: 'provider_auth_failed', retryable: false },
};

/**
 * Expo's push service: `POST /--/api/v2/push/send` with a JSON array of messages (one per Expo
 * push token, 100 per request), `Authorization: Bearer <access token>` when the integration has
 * one (Novu's `apiKey`; needed only with Expo's enhanced push security). Expo answers 200 with
 * one ticket per message; a ticket can still be an error for its device (`DeviceNotRegistered`:
 * permanent; `MessageRateExceeded`: retryable; `InvalidCredentials`, `MismatchSenderId`: the
 * project's push credentials, an auth failure). Delivered when any device's ticket is `ok`.
 * Expo has no idempotency field. Provider overrides merge into each message (`sound`, `badge`,
 * `channelId`, `priority`, ...).
 */
export function expoProvider(): DeliveryProvider {
  return {
    providerId: 'expo',
    prepare(input) {
      const composed = composePush(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const accessToken = stringField(credentials, 'apiKey');
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: input.job.subscriber.subscriberId,
          send: (context) => send(baseUrl, accessToken, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  baseUrl: string,
  accessToken: string | undefined,
  message: PushMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const ids: string[] = [];
  const failures: ProviderFailure[] = [];
  for (let start = 0; start < message.tokens.length; start += CHUNK) {
    const result = await sendChunk(
      baseUrl,
      accessToken,
      message,
      message.tokens.slice(start, start + CHUNK),
      overrides,
      context,
    );
    if ('failure' in result) failures.push(result.failure);
    else {
      ids.push(...result.ids);
      failures.push(...result.failures);
    }
  }
  if (ids.length > 0) return { ok: true, providerMessageId: clip(ids.join(','), 1000) };
  return { ok: false, failure: failures.find((failure) => failure.retryable) ?? failures[0] };
}

async function sendChunk(
  baseUrl: string,
  accessToken: string | undefined,
  message: PushMessage,
  tokens: string[],
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<{ ids: string[]; failures: ProviderFailure[] } | { failure: ProviderFailure }> {
  let headers: Record<string, string> = {};
  const messages = tokens.map((to) => {
    const request = applyProviderOverrides(
      {
        body: {
          to,
          title: message.title,
          body: message.body,
          ...(Object.keys(message.data).length ? { data: message.data } : {}),
        },
        headers: {},
        query: {},
      },
      overrides,
    );
    headers = request.headers;
    return request.body;
  });
  try {
    const response = await context.http.request({
      method: 'POST',
      url: `${baseUrl.replace(/\/+$/, '')}/--/api/v2/push/send`,
      headers: {
        ...headers,
        'content-type': 'application/json',
        accept: 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(messages),
    });
    const answer = parseJson(response.body) as { data?: unknown; errors?: unknown } | undefined;
    if (response.status !== 200 || !Array.isArray(answer?.data))
      return {
        failure: failureFromResponse(
          'expo',
          response.status === 200 ? { ...response, status: 502 } : response,
          expoReason,
        ),
      };
    const tickets = answer.data as ExpoTicket[];
    return {
      ids: tickets.flatMap((ticket) => (ticket.status === 'ok' && typeof ticket.id === 'string' ? [ticket.id] : [])),
      failures: tickets.filter((ticket) => ticket.status !== 'ok').map(ticketFailure),
    };
  } catch (error) {
    return { failure: failureFromError('expo', error) };
  }
}

/** The verdict for one refused ticket (unknown codes are permanent: they describe this message). */
export function ticketFailure(ticket: ExpoTicket): ProviderFailure {
  const code = typeof ticket.details?.error === 'string' ? ticket.details.error : undefined;
  const verdict = (code && TICKET_ERRORS[code]) || { code: 'provider_rejected', retryable: false };
  const text = typeof ticket.message === 'string' ? ticket.message : 'error ticket';
  return { ...verdict, message: clip(`expo refused the message: ${code ? `${code}: ` : ''}${text}`) };
}

/** Request errors: `{errors: [{code, message}]}`. */
function expoReason(body: unknown): string | undefined {
  const errors = (body as { errors?: { code?: unknown; message?: unknown }[] } | undefined)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (!first || typeof first.message !== 'string') return undefined;
  return typeof first.code === 'string' ? `${first.code}: ${first.message}` : first.message;
}
