import { workerSubscriberSchema } from './subscribers-rpc.contract';
import { TRIGGER_WORKER_RPC } from './trigger-worker-rpc.methods';

const issues = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('trigger-worker RPC contracts', () => {
  it('scopes every request to an environment', () => {
    for (const [method, contract] of Object.entries(TRIGGER_WORKER_RPC)) {
      expect([method, contract.request.safeParse({}).success]).toEqual([method, false]);
      expect(issues(contract.request.safeParse({}))).toContain('environmentId: Required');
    }
  });

  it('applies the request defaults the worker relies on', () => {
    expect(TRIGGER_WORKER_RPC['subscribers.search.v1'].request.parse({ environmentId: 'env' })).toEqual({
      environmentId: 'env',
      limit: 10,
      orderDirection: 'DESC',
    });
    expect(TRIGGER_WORKER_RPC['notifications.list.v1'].request.parse({ environmentId: 'env' })).toEqual({
      environmentId: 'env',
      page: 0,
      limit: 10,
    });
    expect(
      issues(
        TRIGGER_WORKER_RPC['notifications.list.v1'].request.safeParse({
          environmentId: 'env',
          limit: 51,
          channels: ['fax'],
        }),
      ),
    ).toHaveLength(2);
    expect(
      TRIGGER_WORKER_RPC['trigger.cancel.v1'].request.safeParse({
        environmentId: 'env',
        transactionId: 'x'.repeat(256),
      }).success,
    ).toBe(false);
  });

  it('describes the replies the gateway validates', () => {
    const subscriber = {
      _id: 'a',
      subscriberId: 'ada',
      _organizationId: 'org',
      _environmentId: 'env',
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      avatar: null,
      locale: null,
      timezone: null,
      data: null,
      channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['t'] }, _integrationId: '' }],
      deleted: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(issues(workerSubscriberSchema.safeParse(subscriber))).toEqual([]);
    const page = { data: [subscriber], next: null, previous: null, totalCount: 1, totalCountCapped: false };
    expect(TRIGGER_WORKER_RPC['subscribers.search.v1'].response.safeParse(page).success).toBe(true);
    expect(
      issues(TRIGGER_WORKER_RPC['subscribers.search.v1'].response.safeParse({ ...page, totalCount: undefined })),
    ).toEqual(['totalCount: Required']);
    expect(TRIGGER_WORKER_RPC['trigger.cancel.v1'].response.parse({ canceled: true, canceledJobs: 2 })).toEqual({
      canceled: true,
      canceledJobs: 2,
    });
  });
});
