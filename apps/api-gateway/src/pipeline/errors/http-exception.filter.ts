import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { toErrorResponse } from '../../core/errors/error-response';
import { RawResponseException } from '../../core/errors/raw-response.exception';

/**
 * The one place errors leave the gateway, in Novu's shape: `statusCode`, `timestamp`, `path`,
 * `message` (plus `type`/`errors` where Novu has them). Domain exceptions carry a code whose
 * status is decided in `gateway-error-code.ts`; unexpected errors are logged and become a 500
 * without internals. Nest also routes Fastify's own errors here — the body parser's, unknown
 * routes (404).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    if (exception instanceof RawResponseException) {
      void reply
        .code(exception.status)
        .headers(exception.headers)
        .type('application/json; charset=utf-8')
        .send(exception.body);
      return;
    }
    const error = toErrorResponse(exception, request.url);
    if (error.unexpected) this.logger.error(exception instanceof Error ? exception : String(exception));
    void reply.code(error.status).headers(error.headers).send(error.body);
  }
}
