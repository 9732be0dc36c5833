import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** Webhook paths the fake knows (anything else is an unknown or revoked webhook). */
export const CHAT_PATHS = {
  slack: '/services/T0001/B0001/slacksecret',
  discord: '/api/webhooks/1234567890/discordtoken',
  msteams: '/webhookb2/tenant@org/IncomingWebhook/teamssecret',
} as const;

/** Answers given instead of accepting, per provider, in order. */
export type ChatScript = Record<keyof typeof CHAT_PATHS, ScriptedResponse[]>;

const text = (status: number, body: string): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'text/plain' },
  body,
});

/**
 * Slack, Discord and Teams incoming webhooks on one local server, each checking requests as the
 * real one does and answering in its own style: Slack with `ok` or an error word, Discord with
 * the created message (`?wait=true`) or `{code, message}`, Teams with `1` or a plain-text error.
 */
export function fakeChatWebhooks(script: ChatScript): RequestResponder {
  let discordIds = 0;
  return (request: ReceivedRequest) => {
    const json = request.json as Record<string, unknown> | undefined;
    const isJson = String(request.headers['content-type']).startsWith('application/json');
    if (request.path.startsWith('/services/')) {
      if (request.path !== CHAT_PATHS.slack) return text(404, 'no_service');
      if (!isJson || !json) return text(400, 'invalid_payload');
      if ((typeof json.text !== 'string' || json.text === '') && !Array.isArray(json.blocks))
        return text(400, 'no_text');
      return script.slack.shift() ?? text(200, 'ok');
    }
    if (request.path.startsWith('/api/webhooks/')) {
      if (request.path !== CHAT_PATHS.discord)
        return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      if (!json || ((typeof json.content !== 'string' || json.content === '') && !Array.isArray(json.embeds)))
        return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
      if (typeof json.content === 'string' && json.content.length > 2000)
        return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
      const scripted = script.discord.shift();
      if (scripted) return scripted;
      discordIds += 1;
      if (request.query.get('wait') !== 'true') return { status: 204 };
      return {
        status: 200,
        body: { id: `11122233344455${discordIds}`, type: 0, content: json.content, channel_id: '999' },
      };
    }
    if (request.path.startsWith('/webhookb2/')) {
      if (request.path !== CHAT_PATHS.msteams) return text(404, 'Webhook not found');
      if (!json || (typeof json.text !== 'string' && json.type !== 'message' && json['@type'] !== 'MessageCard'))
        return text(400, 'Bad payload received by generic incoming webhook.');
      return script.msteams.shift() ?? text(200, '1');
    }
    return text(404, 'not found');
  };
}
