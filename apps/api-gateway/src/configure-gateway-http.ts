import { INestApplication } from '@nestjs/common';

/**
 * HTTP setup shared by main.ts and the tests, so tests exercise exactly what production serves
 * (body limits, parsers, filters, OpenAPI).
 */
export function configureGatewayHttp(app: INestApplication): void {
  app.enableCors();
}
