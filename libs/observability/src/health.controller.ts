import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { MetricsRegistry } from './metrics.registry';
import { ReadinessRegistry } from './readiness.registry';

/**
 * `/health/live`, `/health/ready` and `/metrics`, on every service's HTTP port. Adapter-neutral
 * (Express or Fastify): the status and headers go through Nest's HTTP adapter.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Live while the event loop answers; the orchestrator restarts the process otherwise. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when every dependency answers and the service is not draining. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: unknown): Promise<Record<string, unknown>> {
    const report = await this.readiness.report();
    if (!report.ready) this.adapterHost.httpAdapter.status(response, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: report.ready ? 'ok' : 'unavailable', ...report };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async metricsText(@Res({ passthrough: true }) response: unknown): Promise<string> {
    this.adapterHost.httpAdapter.setHeader(response, 'Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
