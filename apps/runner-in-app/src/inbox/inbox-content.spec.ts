import { buildJobDispatchFixture, type JobDispatchData } from '@herald/contracts';

import { inboxContentOf, unsafeLinkOf } from './inbox-content';

const job = (controlValues: Record<string, unknown> = {}): JobDispatchData => {
  const base = buildJobDispatchFixture({}, 'in_app');
  return { ...base, step: { ...base.step, controlValues } };
};

describe('inboxContentOf', () => {
  const hostile = {
    subject: 'Hi <img src=x onerror=alert(1)>',
    body: '<p style="color:red">Hello <b>Ada</b></p><script>alert(1)</script><a href="javascript:alert(2)">x</a>',
    primaryAction: { label: '<script>1</script>Open', redirect: { url: '/a' } },
    data: { html: '<script>kept</script>' },
  };

  it('sanitizes subject, body and action labels as Novu does, keeping safe markup', () => {
    expect(inboxContentOf(hostile, job())).toMatchObject({
      subject: 'Hi <img src="x" />',
      body: '<p style="color:red">Hello <b>Ada</b></p><a>x</a>',
      primaryAction: { label: 'Open', redirect: { url: '/a' } },
      data: { html: '<script>kept</script>' },
    });
  });

  it('keeps content as rendered when the step sets disableOutputSanitization: true', () => {
    const kept = inboxContentOf(hostile, job({ disableOutputSanitization: true }));
    expect(kept).toMatchObject({ subject: hostile.subject, body: hostile.body, primaryAction: hostile.primaryAction });
    expect(inboxContentOf(hostile, job({ disableOutputSanitization: 'true' })).body).not.toContain('<script>');
  });
});

describe('unsafeLinkOf', () => {
  const content = (links: Record<string, unknown>) => inboxContentOf({ body: 'x', ...links }, job());

  it('accepts http(s) and relative links', () => {
    const primaryAction = { label: 'Go', redirect: { url: '/go' } };
    const safe = content({ redirect: { url: 'https://example.com/a?b=1&c=2' }, primaryAction });
    expect(unsafeLinkOf(safe)).toBeUndefined();
  });

  it('names the first link that is not, without repeating it', () => {
    const secondary = { label: 'x', redirect: { url: ' JavaScript:alert(1)' } };
    expect(unsafeLinkOf(content({ redirect: { url: '/ok' }, secondaryAction: secondary }))).toEqual({
      path: 'secondaryAction.redirect.url',
      reason: 'must be an http(s) or relative URL (javascript: is not allowed)',
    });
    const data = content({ redirect: { url: 'data:text/html,<script>1</script>' } });
    expect(unsafeLinkOf(data)).toMatchObject({ path: 'redirect.url' });
  });
});
