import {
  applyProviderOverrides,
  clip,
  type DeliveryProvider,
  failureFromStatus,
  misconfigured,
  type OutboundResponse,
  parseJson,
  parseRetryAfter,
  type PrepareInput,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
  withRetryAfter,
} from '@herald/runner-kit';

const DEFAULT_BASE_URL = 'https://api.telegram.org';
/** `<bot id>:<secret>`, as BotFather issues it; it goes into the path unencoded. */
const BOT_TOKEN = /^\d+:[\w-]+$/;

/** Telegram's answer: `{ok: true, result}` or `{ok: false, error_code, description, parameters}`. */
interface TelegramAnswer {
  ok?: unknown;
  result?: { message_id?: unknown };
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

/**
 * Telegram's Bot API: `POST /bot<token>/sendMessage` with JSON `{chat_id, text}` (provider
 * overrides add `parse_mode`, `reply_markup`, `disable_notification`, ...). The bot token is the
 * integration's `credentials.token` (Novu's name; `apiToken` also read); the chat is the
 * subscriber's `telegram` channel `credentials.channel` (a chat id or `@channelusername`), else
 * the integration's `credentials.channel`. The Bot API has no idempotency field.
 */
export function telegramProvider(): DeliveryProvider {
  return {
    providerId: 'telegram',
    prepare(input) {
      const credentials = input.integration.credentials;
      const token = stringField(credentials, 'token') ?? stringField(credentials, 'apiToken');
      if (!token)
        return { ok: false, failure: misconfigured('telegram', 'credentials.token (the bot token) is missing') };
      if (!BOT_TOKEN.test(token))
        return {
          ok: false,
          failure: misconfigured('telegram', 'credentials.token is not a bot token (<bot id>:<secret>)'),
        };
      const chatId = chatOf(input);
      if (!chatId) return { ok: false, missing: 'Subscriber has no telegram chat id' };
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      const text =
        typeof input.content.body === 'string'
          ? input.content.body
          : typeof input.content.content === 'string'
            ? input.content.content
            : '';
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: chatId,
          send: (context) => send(baseUrl, token, { chat_id: chatId, text }, input.providerOverrides, context),
        },
      };
    },
  };
}

function chatOf({ job, integration }: PrepareInput): string | undefined {
  const channel = job.subscriber.channels.find(
    (candidate) =>
      candidate.providerId === 'telegram' &&
      candidate.credentials.channel &&
      (!candidate.integrationIdentifier || candidate.integrationIdentifier === integration.identifier),
  );
  return channel?.credentials.channel?.trim() || stringField(integration.credentials, 'channel');
}

async function send(
  baseUrl: string,
  token: string,
  body: { chat_id: string; text: string },
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  const response = await context.http.request({
    method: 'POST',
    url: `${baseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`,
    headers: { ...request.headers, 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  const answer = parseJson(response.body) as TelegramAnswer | undefined;
  if (response.status === 200 && answer?.ok === true) {
    const id = answer.result?.message_id;
    return { ok: true, providerMessageId: id === undefined ? undefined : String(id) };
  }
  return { ok: false, failure: telegramFailure(response, answer) };
}

/**
 * Telegram errors by `error_code` (the HTTP status): 401 and 404 (an unknown or malformed bot
 * token) are auth failures; 403 is this chat refusing the bot (blocked, kicked) and so permanent,
 * not an auth failure; 400 (chat not found, bad markup) permanent; 429 and 5xx retryable, with
 * `parameters.retry_after` (else a `Retry-After` header) quoted in the message and carried as
 * `retryAfterMs`, so the worker's next attempt waits that long.
 */
export function telegramFailure(response: OutboundResponse, answer: TelegramAnswer | undefined): ProviderFailure {
  const status = typeof answer?.error_code === 'number' ? answer.error_code : response.status;
  const description = typeof answer?.description === 'string' ? answer.description : undefined;
  const retryAfter = answer?.parameters?.retry_after;
  const reason = [description, typeof retryAfter === 'number' ? `(retry after ${retryAfter} s)` : undefined]
    .filter(Boolean)
    .join(' ');
  const failure = failureFromStatus('telegram', status === 200 ? 502 : status, reason || undefined);
  if (status === 429 || status >= 500)
    return withRetryAfter(
      failure,
      (typeof retryAfter === 'number' ? parseRetryAfter(retryAfter) : undefined) ??
        parseRetryAfter(response.headers['retry-after']),
    );
  if (status === 401 || status === 404)
    return { ...failure, code: 'provider_auth_failed', retryable: false, message: clip(failure.message) };
  if (status === 403) return { ...failure, code: 'provider_rejected', retryable: false };
  return failure;
}
