import { IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { toErrorResponse } from '../../core/errors/error-response';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';

/** Longest request target echoed in `path` (a refused URL can be as long as the header limit). */
const MAX_ECHOED_PATH = 2048;

const clip = (path: string) => (path.length > MAX_ECHOED_PATH ? `${path.slice(0, MAX_ECHOED_PATH)}…` : path);

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a URL it cannot percent-decode, a path
 * parameter over `maxParamLength`), which happen before Nest sees the request, answered in the
 * gateway's error shape instead of Fastify's.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const exception =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new GatewayException(GatewayErrorCode.UriTooLong, 'A path parameter of the URL is too long')
      : new GatewayException(
          GatewayErrorCode.BadRequestLine,
          'The URL is not valid: it contains a malformed percent-encoding',
        );
  const answer = toErrorResponse(exception, clip(request.url));
  void reply.code(answer.status).headers(answer.headers).send(answer.body);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses (control characters in a
 * header, a broken request line, headers over the size limit). There is no request object, so
 * the answer is written to the socket, in the gateway's error shape, and the connection closed.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy(error);
    return;
  }
  const exception =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new GatewayException(GatewayErrorCode.HeadersTooLarge, 'The request headers are too large')
      : new GatewayException(
          GatewayErrorCode.BadRequestLine,
          'The HTTP request is malformed (request line or headers)',
        );
  const answer = toErrorResponse(exception, clip(requestTarget(error.rawPacket as unknown)));
  const body = JSON.stringify(answer.body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The request target of the request line, when the parser got that far; printable ASCII only. */
function requestTarget(rawPacket: unknown): string {
  // Node hands the parser's packet over as a Buffer (Fastify's type says otherwise).
  if (!Buffer.isBuffer(rawPacket)) return '';
  const line = rawPacket
    .subarray(0, Math.min(rawPacket.length, MAX_ECHOED_PATH + 64))
    .toString('latin1')
    .split('\r\n', 1)[0];
  const target = line.split(' ')[1] ?? '';
  return /^[\x21-\x7e]+$/.test(target) ? target : '';
}

/**
 * Node answers a request whose `Expect` header is not `100-continue` with a bare 417 before any
 * route runs; this answers it in the gateway's error shape instead.
 */
export function answerUnmetExpectations(server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const answer = toErrorResponse(
      new GatewayException(GatewayErrorCode.ExpectationFailed, 'Only "Expect: 100-continue" is supported'),
      clip(request.url ?? ''),
    );
    const body = JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    });
    response.end(body);
  });
}
