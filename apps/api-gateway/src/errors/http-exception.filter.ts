import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

/**
 * Every error leaves the gateway in Novu's shape: `statusCode`, `timestamp`, `path`, `message`
 * (plus whatever detail the exception carries). Unexpected errors are logged and become a 500
 * without internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const base = { timestamp: new Date().toISOString(), path: request.url };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? { message: body } : (body as Record<string, unknown>);
      response.status(status).json({ ...detail, statusCode: status, ...base, message: detail.message ?? exception.message });
      return;
    }
    this.logger.error(exception instanceof Error ? exception : String(exception));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, ...base, message: 'Internal server error' });
  }
}
