import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** The bot the fake knows, and chats it can post to. */
export const TELEGRAM_TEST_BOT = { token: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' };
/** A chat whose member blocked the bot (403). */
export const BLOCKED_CHAT = '40300000';

/** Answers the fake gives instead of accepting, in order. */
export interface TelegramScript {
  next: ScriptedResponse[];
}

/** A Bot API error: `{ok: false, error_code, description, parameters?}` with the same HTTP status. */
export const telegramError = (
  status: number,
  description: string,
  parameters?: Record<string, unknown>,
): ScriptedResponse => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

/**
 * Telegram's Bot API `sendMessage` as tests need it: the bot token in the path (unknown: 401
 * Unauthorized; malformed: 404 Not Found), JSON `chat_id` and non-empty `text`; `{ok: true,
 * result: Message}` or the API's `ok: false` bodies.
 */
export function fakeTelegram(script: TelegramScript = { next: [] }): RequestResponder {
  let messageId = 0;
  return (request: ReceivedRequest) => {
    const match = /^\/bot([^/]+)\/sendMessage$/.exec(request.path);
    if (!match || !/^\d+:[\w-]+$/.test(decodeURIComponent(match[1]))) return telegramError(404, 'Not Found');
    if (decodeURIComponent(match[1]) !== TELEGRAM_TEST_BOT.token) return telegramError(401, 'Unauthorized');
    const body = request.json as { chat_id?: unknown; text?: unknown } | undefined;
    if (!body?.chat_id) return telegramError(400, 'Bad Request: chat_id is empty');
    if (typeof body.text !== 'string' || body.text.trim() === '')
      return telegramError(400, 'Bad Request: message text is empty');
    if (String(body.chat_id) === BLOCKED_CHAT) return telegramError(403, 'Forbidden: bot was blocked by the user');
    if (!/^(-?\d+|@\w{5,})$/.test(String(body.chat_id))) return telegramError(400, 'Bad Request: chat not found');
    const scripted = script.next.shift();
    if (scripted) return scripted;
    messageId += 1;
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: messageId,
          from: { id: 123456789, is_bot: true, first_name: 'Herald', username: 'herald_bot' },
          chat: { id: Number(body.chat_id) || 0, type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text: body.text,
        },
      },
    };
  };
}
