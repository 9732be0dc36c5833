import { resolveTransactionId, uuidV5 } from './transaction-id';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('uuidV5', () => {
  it('matches the published test vector', () => {
    expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('sets version 5 and the RFC 4122 variant', () => {
    const id = uuidV5('anything', DNS_NAMESPACE);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'nope')).toThrow('invalid namespace UUID');
  });
});

describe('resolveTransactionId', () => {
  it('keeps the client’s transactionId', () => {
    expect(resolveTransactionId({ given: 'tx-1', environmentId: 'env', idempotencyKey: 'k' })).toBe('tx-1');
  });

  it('derives the same id for the same environment and key, and another for anything else', () => {
    const id = resolveTransactionId({ environmentId: 'env-a', idempotencyKey: 'key-1' });
    expect(id).toMatch(UUID);
    expect(resolveTransactionId({ environmentId: 'env-a', idempotencyKey: 'key-1' })).toBe(id);
    expect(resolveTransactionId({ environmentId: 'env-b', idempotencyKey: 'key-1' })).not.toBe(id);
    expect(resolveTransactionId({ environmentId: 'env-a', idempotencyKey: 'key-2' })).not.toBe(id);
  });

  it('gives each bulk event its own derived id', () => {
    const first = resolveTransactionId({ environmentId: 'env', idempotencyKey: 'k', bulkIndex: 0 });
    const second = resolveTransactionId({ environmentId: 'env', idempotencyKey: 'k', bulkIndex: 1 });
    expect(new Set([first, second, resolveTransactionId({ environmentId: 'env', idempotencyKey: 'k' })]).size).toBe(3);
  });

  it('is random without a key', () => {
    const id = resolveTransactionId({ environmentId: 'env' });
    expect(id).toMatch(UUID);
    expect(resolveTransactionId({ environmentId: 'env' })).not.toBe(id);
  });
});
