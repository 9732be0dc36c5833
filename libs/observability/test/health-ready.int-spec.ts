import { type INestApplication, Injectable, Module, type OnModuleInit } from '@nestjs/common';

import { createServiceApp, JsonLogger, ObservabilityModule, ReadinessRegistry } from '../src';

const SECRET_ERROR = 'password authentication failed for user "herald_gateway" at 10.1.2.3:5432 (password=hunter2)';
let postgresDown = true;

@Injectable()
class Dependencies implements OnModuleInit {
  constructor(private readonly readiness: ReadinessRegistry) {}
  onModuleInit(): void {
    this.readiness.register({
      name: 'postgres',
      check: async () => {
        if (postgresDown) throw new Error(SECRET_ERROR);
      },
    });
    this.readiness.register({ name: 'redis', check: async () => undefined });
  }
}

@Module({ imports: [ObservabilityModule.forRoot({ service: 'health-test' })], providers: [Dependencies] })
class HealthTestModule {}

describe('/health/ready', () => {
  const lines: string[] = [];
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const logger = new JsonLogger('health-test', 'info', (line) => lines.push(line));
    app = await createServiceApp(HealthTestModule, { service: 'health-test', logLevel: 'info' }, logger);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  const readinessLogs = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.context === 'Readiness');

  it('names the dependency that is down but never echoes its error; the error goes to the log once', async () => {
    for (let probe = 0; probe < 3; probe += 1) {
      const response = await fetch(`${baseUrl}/health/ready`);
      const text = await response.text();
      expect(response.status).toBe(503);
      const checks = { postgres: { ok: false }, redis: { ok: true } };
      expect(JSON.parse(text)).toEqual({ status: 'unavailable', ready: false, draining: false, checks });
      expect(text).not.toMatch(/hunter2|10\.1\.2\.3|herald_gateway|password/);
    }
    const logged = { level: 'warn', msg: 'readiness check failed', check: 'postgres', error: SECRET_ERROR };
    expect(readinessLogs()).toEqual([expect.objectContaining(logged)]);
  });

  it('logs the recovery and answers ready', async () => {
    postgresDown = false;
    const response = await fetch(`${baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    const checks = { postgres: { ok: true }, redis: { ok: true } };
    expect(await response.json()).toEqual({ status: 'ok', ready: true, draining: false, checks });
    const logged = { level: 'info', msg: 'readiness check passes again', check: 'postgres' };
    expect(readinessLogs().at(-1)).toMatchObject(logged);
  });
});
