import { createContractMessage } from '../registry/contract-message.factory';
import { parseMessage } from '../registry/message.parser';
import { API_KEY_REVOKED_V1, type ApiKeyRevokedData, apiKeyRevokedDataSchema } from './api-key-revoked.contract';

const data: ApiKeyRevokedData = {
  environmentId: 'env-1',
  organizationId: 'org-1',
  apiKeyIds: ['key-1'],
  reason: 'rotated',
  revokedAt: new Date(0).toISOString(),
};

describe('api-key.revoked.v1', () => {
  it('has its routing key and round-trips through the registry', () => {
    expect(API_KEY_REVOKED_V1).toBe('api-key.revoked.v1');
    const message = createContractMessage(API_KEY_REVOKED_V1, data);
    expect(message).toMatchObject({ type: API_KEY_REVOKED_V1, environmentId: 'env-1', data });
    const parsed = parseMessage(JSON.parse(JSON.stringify(message)), API_KEY_REVOKED_V1);
    expect(parsed.ok && parsed.message.data).toEqual(data);
  });

  it('rejects an event naming no key, too many keys or an unknown reason', () => {
    expect(apiKeyRevokedDataSchema.safeParse({ ...data, apiKeyIds: [] }).success).toBe(false);
    expect(
      apiKeyRevokedDataSchema.safeParse({ ...data, apiKeyIds: Array.from({ length: 101 }, (_, i) => `k${i}`) }).success,
    ).toBe(false);
    expect(apiKeyRevokedDataSchema.safeParse({ ...data, reason: 'expired' }).success).toBe(false);
  });
});
