import { checkOverrides } from './overrides-input';

describe('checkOverrides', () => {
  it('accepts overrides without links or headers, allowed headers and safe links', () => {
    expect(checkOverrides({})).toEqual([]);
    expect(checkOverrides({ providers: { sendgrid: { x: 1 } }, delay: { amount: 1, unit: 'days' } })).toEqual([]);
    const email = { headers: { 'X-Campaign': 'spring', 'List-Unsubscribe': '<https://example.com/u>' } };
    const inApp = { redirect: { url: 'https://example.com' }, primaryAction: { redirect: { url: '/x' } } };
    expect(checkOverrides({ email, inApp })).toEqual([]);
  });

  it('refuses a non-object', () => {
    expect(checkOverrides([])).toEqual([{ path: [], message: 'overrides must be an object' }]);
  });

  it('names each refused header below overrides', () => {
    const issues = checkOverrides({ email: { headers: { Sender: 'a@b.c', 'x-herald-tenant': 't', 'X-Ok': 'y' } } });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['email', 'headers', 'Sender'],
      ['email', 'headers', 'x-herald-tenant'],
    ]);
    expect(checkOverrides({ email: { headers: 'Sender: x' } })).toEqual([
      { path: ['email', 'headers'], message: 'must be an object of header values' },
    ]);
  });

  it('names each unsafe in-app link, under either channel key', () => {
    const unsafe = { url: 'javascript:alert(1)' };
    const issues = checkOverrides({
      inApp: { redirect: unsafe, secondaryAction: { redirect: { url: 'data:text/html,x' } } },
      in_app: { cta: { data: unsafe } },
    });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'inApp.redirect.url',
      'inApp.secondaryAction.redirect.url',
      'in_app.cta.data.url',
    ]);
  });
});
