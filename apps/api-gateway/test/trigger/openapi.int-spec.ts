import { gatewayConfig } from '../../src/core/config/gateway.config';
import { gatewayOpenApiDocument, gatewayOperatorOpenApiDocument } from '../../src/openapi-document';
import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

describe('OpenAPI', () => {
  let kit: TriggerTestKit;

  beforeAll(async () => {
    kit = await startTriggerTestKit();
  });
  afterAll(() => kit.close());

  it('serves the document generated from the routes and their zod schemas at /openapi.json', async () => {
    const response = await fetch(`${kit.gateway.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is read by path
    const document: any = await response.json();
    expect(document.openapi).toMatch(/^3\./);
    const trigger = document.paths['/v1/events/trigger'].post;
    expect(trigger.operationId).toBe('EventsController_trigger');
    expect(trigger.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/TriggerEventRequestDto',
    );
    expect(Object.keys(trigger.responses)).toEqual(
      expect.arrayContaining(['201', '400', '409', '413', '415', '422', '429', '503']),
    );
    expect(trigger.security).toEqual([{ secretKey: [] }]);
    expect(document.paths['/v1/events/trigger/bulk'].post.operationId).toBe('EventsController_triggerBulk');
    // Novu's inbox API (decision 0034): the session is public, the rest takes its token.
    expect(document.paths['/v1/inbox/session'].post.security).toBeUndefined();
    expect(document.paths['/v1/inbox/notifications'].get).toMatchObject({
      tags: ['Inbox'],
      security: [{ inboxSession: [] }],
    });
    expect(document.paths['/v1/inbox/notifications/{notificationId}/snooze'].patch.security).toEqual([
      { inboxSession: [] },
    ]);
    expect(document.components.securitySchemes.inboxSession).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/v1/events/trigger/broadcast'].post.operationId).toBe(
      'EventsController_broadcastEventToAll',
    );

    const schemas = document.components.schemas;
    expect(schemas.TriggerEventRequestDto.required).toEqual(['name', 'to']);
    expect(schemas.TriggerEventRequestDto.properties.to.oneOf).toHaveLength(4);
    expect(schemas.TriggerEventResponseDto.properties.status.enum).toContain('invalid_recipients');
    expect(schemas).toHaveProperty('SubscriberPayloadDto');
    expect(schemas).toHaveProperty('TopicPayloadDto');
    expect(schemas.BulkTriggerEventDto.properties.events.maxItems).toBe(100);
    expect(document.components.securitySchemes.secretKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
  });

  it('is the document built from the modules without starting the gateway (what docs:compat compares)', async () => {
    const served: unknown = await (await fetch(`${kit.gateway.baseUrl}/openapi.json`)).json();
    expect(served).toEqual(gatewayOpenApiDocument(gatewayConfig.load({ NODE_ENV: 'test' })));
  });

  it('lists no operator route; the operator listener serves those in its own document (decision 0043)', async () => {
    const config = gatewayConfig.load({ NODE_ENV: 'test' });
    const paths = (document: unknown) => Object.keys((document as { paths: object }).paths);
    const publicPaths = paths(await (await fetch(`${kit.gateway.baseUrl}/openapi.json`)).json());
    expect(publicPaths.filter((path) => path.startsWith('/admin') || path === '/metrics')).toEqual([]);
    expect(publicPaths).toContain('/health/ready');

    const response = await fetch(`${kit.gateway.adminUrl}/admin/openapi.json`);
    expect(response.status).toBe(200);
    const operator: unknown = await response.json();
    expect(operator).toEqual(gatewayOperatorOpenApiDocument(config));
    expect(paths(operator)).toEqual(
      expect.arrayContaining(['/admin/organizations', '/admin/dead-letters', '/metrics']),
    );
    expect(paths(operator).filter((path) => !path.startsWith('/admin/') && path !== '/metrics')).toEqual([]);
    // Only the operator listener answers it, like every /admin route.
    expect((await fetch(`${kit.gateway.baseUrl}/admin/openapi.json`)).status).toBe(404);
    expect((await fetch(`${kit.gateway.adminUrl}/openapi.json`)).status).toBe(404);
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${kit.gateway.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('swagger-ui');
  });
});
