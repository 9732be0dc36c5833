import { applyProviderOverrides, channelOverridesOf, deepMerge, providerOverridesOf } from './provider-overrides';

describe('provider overrides', () => {
  it('deep-merges objects, replaces arrays and scalars, and drops prototype keys', () => {
    const merged = deepMerge(
      { a: { b: 1, c: [1, 2] }, d: 'x' },
      JSON.parse('{"a": {"c": [3], "e": 2}, "d": "y", "__proto__": {"polluted": true}}'),
    );
    expect(merged).toEqual({ a: { b: 1, c: [3], e: 2 }, d: 'y' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets the step-level overrides of a provider win over the workflow-level ones', () => {
    const overrides = {
      providers: { slack: { text: 'all', blocks: [1] } },
      steps: { chat: { providers: { slack: { text: 'step' } } }, other: { providers: { slack: { text: 'no' } } } },
    };
    expect(providerOverridesOf(overrides, 'chat', 'slack')).toEqual({ text: 'step', blocks: [1] });
    expect(providerOverridesOf(overrides, 'email', 'slack')).toEqual({ text: 'all', blocks: [1] });
    expect(providerOverridesOf({ providers: 'nonsense' }, 'chat', 'slack')).toEqual({});
  });

  it('reads the channel overrides under the channel name (inApp for in-app)', () => {
    expect(channelOverridesOf({ email: { to: 'a@b.c' } }, 'email')).toEqual({ to: 'a@b.c' });
    expect(channelOverridesOf({ inApp: { x: 1 } }, 'in_app')).toEqual({ x: 1 });
    expect(channelOverridesOf({ sms: 'bad' }, 'sms')).toEqual({});
  });

  it('applies _passthrough to body, headers and query, and other keys to the body', () => {
    const request = {
      body: { text: 'hi', nested: { a: 1 } },
      headers: { 'content-type': 'application/json' },
      query: {},
    };
    expect(
      applyProviderOverrides(request, {
        nested: { b: 2 },
        _passthrough: { body: { text: 'raw' }, headers: { 'x-a': 'b', bad: { no: 1 } }, query: { wait: true } },
      }),
    ).toEqual({
      body: { text: 'raw', nested: { a: 1, b: 2 } },
      headers: { 'content-type': 'application/json', 'x-a': 'b' },
      query: { wait: 'true' },
    });
  });
});
