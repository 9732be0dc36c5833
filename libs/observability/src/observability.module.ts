import { BeforeApplicationShutdown, DynamicModule, Global, Injectable, Module } from '@nestjs/common';

import { HealthController } from './health.controller';
import { MetricsRegistry } from './metrics.registry';
import { ReadinessRegistry } from './readiness.registry';

/** Flips readiness to "draining" first thing on shutdown, so load balancers stop sending work. */
@Injectable()
class DrainSignal implements BeforeApplicationShutdown {
  constructor(private readonly readiness: ReadinessRegistry) {}
  beforeApplicationShutdown(): void {
    this.readiness.markDraining();
  }
}

/** Health routes, readiness registry and metrics registry for one service. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [HealthController],
      providers: [
        ReadinessRegistry,
        DrainSignal,
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options.service) },
      ],
      exports: [ReadinessRegistry, MetricsRegistry],
    };
  }
}
