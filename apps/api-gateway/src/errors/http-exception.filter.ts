import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from './error-response';
import { RawResponseException } from './raw-response.exception';

/**
 * The one place errors leave the gateway, in Novu's shape: `statusCode`, `timestamp`, `path`,
 * `message` (plus `type`/`errors` where Novu has them). Domain exceptions carry a code whose
 * status is decided in `gateway-error-code.ts`; unexpected errors are logged and become a 500
 * without internals. Also answers errors raised by the body parser middleware.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof RawResponseException) {
      response.status(exception.status).set(exception.headers).type('application/json').send(exception.body);
      return;
    }
    const error = toErrorResponse(exception, request.url);
    if (error.unexpected) this.logger.error(exception instanceof Error ? exception : String(exception));
    response.status(error.status).set(error.headers).json(error.body);
  }
}
