import type { InboxMessage } from '@herald/contracts';
import { Inject, Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { DefaultEventsMap, Server, Socket } from 'socket.io';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';
import { InboxSession, InboxSessionTokens } from '../../pipeline/authentication/inbox-session.token';
import type { MessageOwner } from '../inbox/inbox-response.mapper';
import { InboxStreamHub, InboxStreamMember, StreamCaps } from '../inbox/inbox-stream.hub';
import { clientAddressOf } from './client-address';
import { InboxCountsListener } from './inbox-counts.listener';
import { toNovuMessage } from './novu-message.mapper';
import { NovuSocketEvent, subscriberRoom } from './novu-socket-events';
import { SocketRefusal } from './socket-refusal';

/** What a socket carries once its handshake was accepted. */
interface InboxSocketData {
  session?: InboxSession;
}
type InboxSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, InboxSocketData>;

/**
 * Novu's realtime inbox for `@novu/js` / `<Inbox />`: socket.io on the gateway's own HTTP server
 * and port, at Novu's default path `/socket.io/`, WebSocket transport only (what `@novu/js`
 * uses). The handshake must carry an inbox session token in `query.token` (Novu's client sends it
 * there; `auth.token` is accepted too); the connection is refused (`connect_error`) when it is
 * missing, forged, expired or signed by a secret no longer configured, when the address has used
 * up its failed authentications, or when the subscriber or environment is at its stream cap — the
 * same cap, counted together with SSE streams, as `/v1/inbox/stream` (decision 0035).
 *
 * An accepted socket joins its (environment, subscriber) room and is registered with the inbox
 * stream hub, which hands it that subscriber's new messages (`notification_received`);
 * `InboxCountsListener` sends the count events to the room.
 */
@WebSocketGateway({ transports: ['websocket'], serveClient: false, maxHttpBufferSize: 16 * 1024 })
export class InboxSocketGateway implements OnGatewayInit<Server>, OnGatewayConnection<InboxSocket> {
  private readonly logger = new Logger(InboxSocketGateway.name);
  private readonly caps: StreamCaps;
  private readonly trustedProxies: string[];
  private readonly legacyTokenLifetimeMs: number;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly tokens: InboxSessionTokens,
    private readonly hub: InboxStreamHub,
    private readonly failures: FailedAuthLimiter,
    private readonly counts: InboxCountsListener,
  ) {
    this.caps = {
      perSubscriber: config.INBOX_STREAMS_PER_SUBSCRIBER,
      perEnvironment: config.INBOX_STREAMS_PER_ENVIRONMENT,
    };
    this.legacyTokenLifetimeMs = config.INBOX_SESSION_TTL_SECONDS * 1000;
    this.trustedProxies = config.TRUSTED_PROXIES.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  afterInit(server: Server): void {
    server.use((socket: InboxSocket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(SocketRefusal.from(error)),
      );
    });
    this.counts.deliverTo({ emitToRoom: (room, event, payload) => server.to(room).emit(event, payload) });
  }

  handleConnection(socket: InboxSocket): void {
    const session = socket.data.session;
    if (!session) return void socket.disconnect(true);
    // Checked again and taken with no await in between: two handshakes that both passed `admit`
    // cannot both take the last place.
    if (this.hub.refusal(session.environmentId, session.subscriberId, this.caps)) return void socket.disconnect(true);
    const owner: MessageOwner = { environmentId: session.environmentId, organizationId: session.organizationId };
    const member: InboxStreamMember = {
      offer: (message: InboxMessage) =>
        socket.emit(NovuSocketEvent.NotificationReceived, { message: toNovuMessage(message, owner) }),
      // The hub closes its members on shutdown: closing the transport (not a socket.io disconnect)
      // makes socket.io-client reconnect, to another replica, as EventSource does.
      close: () => socket.conn.close(),
    };
    const remove = this.hub.add(session.environmentId, session.subscriberId, member);
    socket.once('disconnect', () => remove());
    void socket.join(subscriberRoom(session.environmentId, session.subscriberId));
  }

  private async admit(socket: InboxSocket): Promise<void> {
    const token = tokenOf(socket);
    if (!token) throw SocketRefusal.unauthorized('Inbox session token not found: connect with query { token }');
    const client = { ip: clientAddressOf(socket.request, this.trustedProxies) };
    await this.failures.assertAllowed(client);
    const verdict = this.tokens.verify(token);
    if (!verdict.ok) {
      await this.failures.recordFailure(client);
      throw SocketRefusal.unauthorized(
        verdict.reason === 'expired' ? 'Inbox session token expired' : 'Invalid inbox session token',
      );
    }
    if (this.hub.sessionEnded(verdict.session, this.legacyTokenLifetimeMs))
      throw SocketRefusal.unauthorized('Inbox session ended: its subscriber or environment was deleted');
    const { environmentId, subscriberId } = verdict.session;
    const full = this.hub.refusal(environmentId, subscriberId, this.caps);
    if (full) {
      const holder = full === 'subscriber' ? 'this subscriber' : "this environment's subscribers";
      throw SocketRefusal.tooMany(`Too many open inbox streams for ${holder} on this server`);
    }
    socket.data.session = verdict.session;
    this.logger.debug({ msg: 'inbox socket accepted', environmentId });
  }
}

/** The token from the handshake's query (what `@novu/js` sends) or its `auth` object. */
function tokenOf(socket: InboxSocket): string | undefined {
  const fromQuery = socket.handshake.query.token;
  const query = Array.isArray(fromQuery) ? fromQuery[0] : fromQuery;
  const auth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  const token = query || (typeof auth === 'string' ? auth : undefined);
  // `@novu/js` interpolates a missing token as "undefined".
  return token && token !== 'undefined' ? token : undefined;
}
