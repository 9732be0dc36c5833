import { GatewayException } from '../../core/errors/gateway.exception';

/**
 * Why a socket.io handshake was refused: the client's `connect_error` has this message, and
 * `data` carries the HTTP status and `Retry-After` seconds the same refusal would have on
 * `/v1/inbox/stream`. A refused socket is not retried by `socket.io-client` on its own.
 */
export class SocketRefusal extends Error {
  constructor(
    message: string,
    readonly data: { statusCode: number; message: string; retryAfter?: number },
  ) {
    super(message);
    this.name = 'SocketRefusal';
  }

  static unauthorized(message: string): SocketRefusal {
    return new SocketRefusal(message, { statusCode: 401, message });
  }

  static tooMany(message: string): SocketRefusal {
    return new SocketRefusal(message, { statusCode: 429, message, retryAfter: 5 });
  }

  /** A refusal as the client sees it; an unexpected failure says nothing about its cause. */
  static from(error: unknown): SocketRefusal {
    if (error instanceof SocketRefusal) return error;
    if (error instanceof GatewayException) {
      const retryAfter = Number(error.detail.headers?.['Retry-After']);
      return new SocketRefusal(error.message, {
        statusCode: error.status,
        message: error.message,
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
      });
    }
    return new SocketRefusal('Internal server error', { statusCode: 500, message: 'Internal server error' });
  }
}
