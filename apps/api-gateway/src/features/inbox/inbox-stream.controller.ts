import { Controller, Get, Inject, Logger, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { InboxRpcClient } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';
import { InboxSession, InboxSessionTokens } from '../../pipeline/authentication/inbox-session.token';
import { toFeedItem } from './inbox-response.mapper';
import { InboxStream } from './inbox-stream';
import { InboxStreamHub, StreamCaps } from './inbox-stream.hub';
import { parseLastEventId } from './sse-frame';

/** Messages fetched per resumption call, and at most in all (beyond, the client reloads its feed). */
const RESUME_PAGE = 500;
const RESUME_MAX = 5_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** A refused stream's client retries after this long (EventSource reconnects by itself). */
const STREAM_CAP_RETRY_AFTER_SECONDS = 5;

type StreamRequest = FastifyRequest<{ Querystring: { token?: string; lastEventId?: string } }>;

/**
 * `GET /v1/inbox/stream`: the subscriber's new inbox messages as server-sent events. The session
 * token comes as `Authorization: Bearer <token>` or `?token=` (EventSource cannot set headers).
 * With `Last-Event-ID` (or `?lastEventId=`) the missed messages are sent first, then live ones.
 */
@Controller('v1/inbox')
export class InboxStreamController {
  private readonly logger = new Logger(InboxStreamController.name);
  private readonly caps: StreamCaps;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: InboxSessionTokens,
    private readonly hub: InboxStreamHub,
    private readonly inbox: InboxRpcClient,
    private readonly failures: FailedAuthLimiter,
  ) {
    this.caps = {
      perSubscriber: config.INBOX_STREAMS_PER_SUBSCRIBER,
      perEnvironment: config.INBOX_STREAMS_PER_ENVIRONMENT,
    };
  }

  @Get('stream')
  async stream(@Req() request: StreamRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = await this.authenticate(request);
    this.refuseIfDeleted(session);
    const lastEventId = parseLastEventId(request.headers['last-event-id'] ?? request.query.lastEventId);
    const owner = { environmentId: session.environmentId, organizationId: session.organizationId };
    // Checked and taken with no await in between: two requests cannot both take the last place.
    const full = this.hub.refusal(session.environmentId, session.subscriberId, this.caps);
    if (full) {
      const holder = full === 'subscriber' ? 'this subscriber' : "this environment's subscribers";
      throw new GatewayException(
        GatewayErrorCode.RateLimited,
        `Too many open inbox streams for ${holder} on this server`,
        {
          headers: { 'Retry-After': String(STREAM_CAP_RETRY_AFTER_SECONDS) },
        },
      );
    }

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.socket?.setNoDelay(true);
    let remove = (): void => undefined;
    const stream = new InboxStream(
      {
        write: (frame) => raw.write(frame),
        // An event stream is never followed by another request on its connection: close the socket too.
        end: () => raw.end(() => raw.socket?.destroy()),
        get bufferedBytes() {
          return raw.writableLength;
        },
      },
      {
        settleMs: this.config.INBOX_STREAM_SETTLE_MS,
        heartbeatMs: this.config.INBOX_STREAM_HEARTBEAT_MS,
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        render: (message) => JSON.stringify(toFeedItem(message, owner)),
        onClose: () => remove(),
      },
      lastEventId,
    );
    // Registered before the backlog is read, so nothing committed in between is missed.
    remove = this.hub.add(session.environmentId, session.subscriberId, stream);
    raw.on('close', () => stream.close());
    if (stream.isClosed) return remove();

    try {
      stream.resume(lastEventId === undefined ? [] : await this.backlog(session, lastEventId));
    } catch (error) {
      // The client reconnects (with the same Last-Event-ID) and tries again.
      this.logger.warn(`inbox stream resumption failed: ${error instanceof Error ? error.message : String(error)}`);
      stream.close();
    }
  }

  /** A token issued before its subscriber or environment was deleted opens no stream (401: an EventSource stops reconnecting). */
  private refuseIfDeleted(session: InboxSession): void {
    if (this.hub.sessionEnded(session, this.config.INBOX_SESSION_TTL_SECONDS * 1000))
      throw new UnauthorizedException('Inbox session ended: its subscriber or environment was deleted');
  }

  private async authenticate(request: StreamRequest): Promise<InboxSession> {
    const header = request.headers.authorization;
    const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = bearer || request.query.token;
    if (!token)
      throw new UnauthorizedException('Inbox session token not found: send "Authorization: Bearer <token>" or ?token=');
    await this.failures.assertAllowed(request);
    const verdict = this.tokens.verify(token);
    if (!verdict.ok) await this.failures.recordFailure(request);
    if (!verdict.ok)
      throw new UnauthorizedException(
        verdict.reason === 'expired' ? 'Inbox session token expired' : 'Invalid inbox session token',
      );
    return verdict.session;
  }

  private async backlog(session: InboxSession, afterSeq: number) {
    const scope = { environmentId: session.environmentId, subscriberId: session.subscriberId };
    const messages = [];
    let cursor = afterSeq;
    while (messages.length < RESUME_MAX) {
      const page = await this.inbox.messagesSince(scope, cursor, RESUME_PAGE);
      messages.push(...page);
      if (page.length < RESUME_PAGE) break;
      cursor = page[page.length - 1].seq;
    }
    return messages;
  }
}
