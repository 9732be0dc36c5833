import { computeDeliveryKey, deliveryKeySchema } from './delivery-key';

const parts = { environmentId: 'env', transactionId: 'tx', subscriberId: 'sub', stepId: 'email' };

describe('delivery key', () => {
  it('is a stable SHA-256 hex string of its parts', () => {
    const key = computeDeliveryKey(parts);
    expect(deliveryKeySchema.safeParse(key).success).toBe(true);
    expect(computeDeliveryKey({ ...parts })).toBe(key);
  });

  it.each(['environmentId', 'transactionId', 'subscriberId', 'stepId'] as const)('changes with %s', (field) => {
    expect(computeDeliveryKey({ ...parts, [field]: `${parts[field]}-other` })).not.toBe(computeDeliveryKey(parts));
  });

  it('does not collide when characters move between parts', () => {
    const a = computeDeliveryKey({ ...parts, transactionId: 'tx:a', subscriberId: 'b' });
    const b = computeDeliveryKey({ ...parts, transactionId: 'tx', subscriberId: 'a:b' });
    expect(a).not.toBe(b);
  });

  it('rejects anything but 64 lowercase hex characters', () => {
    expect(deliveryKeySchema.safeParse('A'.repeat(64)).success).toBe(false);
    expect(deliveryKeySchema.safeParse('a'.repeat(63)).success).toBe(false);
  });
});
