import { createContractMessage } from '../registry/contract-message.factory';
import { parseMessage } from '../registry/message.parser';
import {
  ENVIRONMENT_DELETED_V1,
  type EnvironmentDeletedData,
  environmentDeletedDataSchema,
} from './environment-deleted.contract';

const data: EnvironmentDeletedData = {
  environmentId: 'env-1',
  organizationId: 'org-1',
  deletedAt: new Date(0).toISOString(),
};

describe('environment.deleted.v1', () => {
  it('has its routing key and round-trips through the registry', () => {
    expect(ENVIRONMENT_DELETED_V1).toBe('environment.deleted.v1');
    const message = createContractMessage(ENVIRONMENT_DELETED_V1, data);
    expect(message).toMatchObject({ type: ENVIRONMENT_DELETED_V1, environmentId: 'env-1', data });
    const parsed = parseMessage(JSON.parse(JSON.stringify(message)), ENVIRONMENT_DELETED_V1);
    expect(parsed.ok && parsed.message.data).toEqual(data);
  });

  it('rejects an event without its organization', () => {
    expect(environmentDeletedDataSchema.safeParse({ ...data, organizationId: undefined }).success).toBe(false);
  });
});
