import { randomUUID } from 'node:crypto';

import { expectEventually } from '@herald/testing';
import { Novu } from '@novu/js';

import { DELIVERY_TIMEOUT, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';
import { devEnvironment } from './support/novu-inbox';

// `@novu/js` 3.19 pointed at the running system (its processes from dist/, as `npm start` runs
// them): the socket it opens for a non-Cloud socketUrl is Herald's socket.io on the gateway's port.
let system: HeraldSystem;
let api: HeraldApi;

beforeAll(async () => {
  system = await startHeraldSystem('inbox_realtime', { apps: ['api-gateway', 'trigger-worker', 'runner-in-app'] });
  api = new HeraldApi(system);
}, 120_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

it('delivers a triggered in-app message live to @novu/js, and its counts after a read and a delete', () =>
  system.withLogsOnFailure(async () => {
    const workflowId = uniqueName('realtime');
    await api.createWorkflow({
      workflowId,
      steps: [
        {
          name: 'Inbox',
          type: 'in_app',
          controlValues: {
            subject: 'Hi {{payload.name}}',
            body: 'Hello {{payload.name}}',
            redirect: { url: 'https://example.com/orders/1', target: '_blank' },
            primaryAction: { label: 'Open', redirect: { url: 'https://example.com/open' } },
          },
        },
      ],
    });
    const subscriberId = `realtime-${randomUUID()}`;
    const { identifier } = await devEnvironment(system);
    const novu = new Novu({
      applicationIdentifier: identifier,
      subscriberId,
      backendUrl: system.apiUrl,
      socketUrl: system.apiUrl,
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- what @novu/js emits
      const received: any[] = [];
      const unseen: number[] = [];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- what @novu/js emits
      const unread: any[] = [];
      const connected = new Promise<void>((resolve, reject) =>
        novu.on('socket.connect.resolved', ({ error }) => (error ? reject(error) : resolve())),
      );
      novu.on('notifications.notification_received', ({ result }) => received.push(result));
      novu.on('notifications.unseen_count_changed', ({ result }) => unseen.push(result));
      novu.on('notifications.unread_count_changed', ({ result }) => unread.push(result));
      await connected;

      const { transactionId } = await api.trigger({ name: workflowId, to: subscriberId, payload: { name: 'Ada' } });
      await expectEventually(() => expect(received).toHaveLength(1), DELIVERY_TIMEOUT);
      expect(received[0]).toMatchObject({
        transactionId,
        subject: 'Hi Ada',
        body: 'Hello Ada',
        isRead: false,
        isSeen: false,
        isArchived: false,
        channelType: 'in_app',
        to: { subscriberId },
        redirect: { url: 'https://example.com/orders/1', target: '_blank' },
        primaryAction: { label: 'Open', isCompleted: false, redirect: { url: 'https://example.com/open' } },
      });
      await expectEventually(() => expect(unseen).toEqual([1]), DELIVERY_TIMEOUT);
      await expectEventually(
        () => expect(unread).toEqual([{ total: 1, severity: { high: 0, medium: 0, low: 0, none: 1 } }]),
        DELIVERY_TIMEOUT,
      );

      const read = await api.request('POST', `/v1/subscribers/${subscriberId}/messages/mark-as`, {
        messageId: received[0].id,
        markAs: 'read',
      });
      expect(read.status).toBe(201);
      await expectEventually(() => expect(unread.at(-1)).toMatchObject({ total: 0 }), DELIVERY_TIMEOUT);
      expect(unseen.at(-1)).toBe(0);

      // A second message, then removed through the messages API (gateway → trigger-worker →
      // message.deleted.v1 → runner-in-app): the counts come back down without the client asking.
      const second = await api.trigger({ name: workflowId, to: subscriberId, payload: { name: 'Bob' } });
      await expectEventually(() => expect(unread.at(-1)).toMatchObject({ total: 1 }), DELIVERY_TIMEOUT);
      const messages = await expectEventually(async () => {
        const answer = await api.request<{ data: { _id: string; transactionId: string }[] }>(
          'GET',
          `/v1/messages?subscriberId=${subscriberId}&channel=in_app`,
        );
        expect(answer.body.data).toHaveLength(2);
        return answer.body.data;
      }, DELIVERY_TIMEOUT);
      const bob = messages.find((message) => message.transactionId === second.transactionId)!;
      expect((await api.request('DELETE', `/v1/messages/${bob._id}`)).status).toBe(200);
      await expectEventually(() => expect(unread.at(-1)).toMatchObject({ total: 0 }), DELIVERY_TIMEOUT);
    } finally {
      await novu.socket.disconnect();
    }
  }));
