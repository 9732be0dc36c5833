import { deadLetterQueueName, retryQueueName, TopologyNames, workQueueOf } from './topology-names';

describe('TopologyNames', () => {
  it('uses the default exchange and plain queue names without a prefix', () => {
    const names = new TopologyNames();
    expect(names.exchange).toBe('herald');
    expect(names.workQueue('trigger-worker', 'trigger-requested')).toBe('trigger-worker.trigger-requested');
    expect(names.rpcQueue('api-gateway')).toBe('api-gateway.rpc');
  });

  it('prefixes the exchange and every queue', () => {
    const names = new TopologyNames({ namePrefix: 't_suite_1a2b', exchange: 'events' });
    expect(names.exchange).toBe('t_suite_1a2b.events');
    expect(names.workQueue('runner-email', 'dispatch')).toBe('t_suite_1a2b.runner-email.dispatch');
    expect(names.replicaQueue('api-gateway', 'inbox', 'host-1')).toBe('t_suite_1a2b.api-gateway.inbox.host-1');
  });

  it('derives dead-letter and retry tier names from a queue', () => {
    expect(deadLetterQueueName('a.b')).toBe('a.b.dead');
    expect(retryQueueName('a.b', 1500)).toBe('a.b.retry.1500');
    expect(workQueueOf('a.b.dead')).toBe('a.b');
    expect(workQueueOf('a.b')).toBe('a.b');
  });

  it('rejects names that are not kebab/snake segments', () => {
    const names = new TopologyNames();
    expect(() => names.workQueue('Trigger Worker', 'x')).toThrow(/invalid service/);
    expect(() => names.workQueue('svc', 'a.b')).toThrow(/invalid purpose/);
    expect(() => names.workQueue('svc', 'x'.repeat(300))).toThrow(/too long/);
  });
});
