import { createContractMessage } from '../registry/contract-message.factory';
import { parseMessage } from '../registry/message.parser';
import {
  ORGANIZATION_SETTINGS_CHANGED_V1,
  type OrganizationSettingsChangedData,
  organizationSettingsChangedDataSchema,
} from './organization-settings-changed.contract';

const data: OrganizationSettingsChangedData = {
  environmentId: 'env-1',
  organizationId: 'org-1',
  settings: ['idempotencyEnabled'],
  changedAt: new Date(0).toISOString(),
};

describe('organization.settings-changed.v1', () => {
  it('has its routing key and round-trips through the registry', () => {
    expect(ORGANIZATION_SETTINGS_CHANGED_V1).toBe('organization.settings-changed.v1');
    const message = createContractMessage(ORGANIZATION_SETTINGS_CHANGED_V1, data);
    expect(message).toMatchObject({ type: ORGANIZATION_SETTINGS_CHANGED_V1, environmentId: 'env-1', data });
    const parsed = parseMessage(JSON.parse(JSON.stringify(message)), ORGANIZATION_SETTINGS_CHANGED_V1);
    expect(parsed.ok && parsed.message.data).toEqual(data);
  });

  it('accepts a setting it does not know yet, and rejects an event naming no setting or too many', () => {
    expect(organizationSettingsChangedDataSchema.safeParse({ ...data, settings: ['retentionDays'] }).success).toBe(
      true,
    );
    expect(organizationSettingsChangedDataSchema.safeParse({ ...data, settings: [] }).success).toBe(false);
    expect(
      organizationSettingsChangedDataSchema.safeParse({
        ...data,
        settings: Array.from({ length: 101 }, (_, i) => `s${i}`),
      }).success,
    ).toBe(false);
    expect(organizationSettingsChangedDataSchema.safeParse({ ...data, changedAt: 'yesterday' }).success).toBe(false);
  });
});
