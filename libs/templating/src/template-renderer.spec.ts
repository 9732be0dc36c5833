import { buildJobDispatchFixture } from '@herald/contracts';

import { buildTemplateContext } from './template-context';
import { TemplateRenderError } from './template-render.error';
import { TemplateRenderer } from './template-renderer';

const renderer = new TemplateRenderer();
const { channels: _channels, ...actor } = buildJobDispatchFixture().subscriber;
const dispatch = buildJobDispatchFixture({
  payload: { author: 'Grace', items: [{ name: 'a' }, { name: 'b' }], amount: 3 },
  actor: { ...actor, firstName: 'Alan' },
  tenant: { identifier: 'acme', name: 'Acme', data: { plan: 'gold' } },
  digest: {
    events: [
      { id: 'j1', createdAt: '2026-01-01T00:00:00.000Z', payload: { author: 'Ada' } },
      { id: 'j2', createdAt: '2026-01-01T00:01:00.000Z', payload: { author: 'Alan' } },
    ],
    totalCount: 5,
  },
});
const context = buildTemplateContext(dispatch);

async function render(source: string): Promise<string> {
  return renderer.render(source, context, 'body');
}

describe('TemplateRenderer', () => {
  it('renders payload, subscriber, actor, tenant and workflow variables', async () => {
    expect(await render('{{payload.author}} → {{subscriber.firstName}} {{subscriber.lastName}}')).toBe(
      'Grace → Ada Lovelace',
    );
    expect(await render('{{actor.firstName}} at {{tenant.name}} ({{tenant.data.plan}})')).toBe('Alan at Acme (gold)');
    expect(await render('{{workflow.workflowId}} v{{workflow.version}}: {{workflow.name}}')).toBe(
      'comment-created v1: Comment created',
    );
  });

  it('exposes the digest as step.digest, step.events and step.total_count', async () => {
    expect(
      await render(
        '{% if step.digest %}{{step.total_count}}:{% for e in step.events %}{{e.payload.author}}/{{e.author}},{% endfor %}{% endif %}',
      ),
    ).toBe('5:Ada/Ada,Alan/Alan,');
    const plain = buildTemplateContext(buildJobDispatchFixture());
    expect(await renderer.render('{{step.digest}} {{step.total_count}} {{step.events | size}}', plain)).toBe(
      'false 0 0',
    );
  });

  it('supports loops, conditions and standard filters', async () => {
    expect(
      await render(
        '{% for i in payload.items %}{{ i.name | upcase }}{% endfor %} {{ payload.amount | plus: 2 }} {{ payload.missing | default: "n/a" }}',
      ),
    ).toBe('AB 5 n/a');
  });

  it('renders an undefined variable as empty, as Novu does', async () => {
    expect(await render('Hi {{payload.nope.deeper}}!')).toBe('Hi !');
  });

  it('never exposes channel credentials (webhook URLs, device tokens)', async () => {
    expect(context.subscriber).not.toHaveProperty('channels');
    expect(await render('{{subscriber.channels}}{{subscriber.channels[0].credentials.webhookUrl}}')).toBe('');
  });

  it('does not reach prototypes or the file system', async () => {
    expect(await render('{{payload.constructor.name}}{{payload.__proto__}}')).toBe('');
    await expect(render("{% include '/etc/passwd' %}")).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(render("{% render 'package.json' %}")).rejects.toBeInstanceOf(TemplateRenderError);
  });

  it('reports a syntax error or unknown filter as a TemplateRenderError naming the control', async () => {
    const error = await render('Hello {{ payload.author | shout }}').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).code).toBe('template_error');
    expect((error as TemplateRenderError).message).toMatch(/^Template error in body: undefined filter: shout/);
    await expect(render('{% if payload.author %}unclosed')).rejects.toThrow(
      /Template error in body: tag .* not closed/,
    );
  });

  it('stops a runaway template', async () => {
    const small = new TemplateRenderer({ budget: { memory: 1_000 } });
    await expect(small.render('{% for i in (1..100000) %}{{ i }}{% endfor %}', context)).rejects.toBeInstanceOf(
      TemplateRenderError,
    );
  });

  it('returns text without Liquid markers unchanged', async () => {
    expect(await render('plain text, 100% fine')).toBe('plain text, 100% fine');
  });
});

describe('TemplateRenderer.renderControls', () => {
  it('renders nested strings and keeps everything else', async () => {
    const controls = {
      subject: 'From {{payload.author}}',
      count: 2,
      redirect: { url: '/u/{{subscriber.subscriberId}}' },
      tags: ['{{tenant.identifier}}', 7],
      enabled: true,
      none: null,
    };
    expect(await renderer.renderControls(controls, context)).toEqual({
      subject: 'From Grace',
      count: 2,
      redirect: { url: `/u/${dispatch.subscriber.subscriberId}` },
      tags: ['acme', 7],
      enabled: true,
      none: null,
    });
  });

  it('names the nested path of the failing template', async () => {
    await expect(renderer.renderControls({ primaryAction: { label: '{{ x | nope }}' } }, context)).rejects.toThrow(
      /^Template error in primaryAction\.label: /,
    );
    await expect(renderer.renderControls({ tags: ['ok', '{% endif %}'] }, context)).rejects.toThrow(
      /^Template error in tags\[1\]: /,
    );
  });
});

describe('TemplateRenderer: HTML output', () => {
  const payload = {
    name: '<script>alert(1)</script>',
    quote: `"O'Neil" & co`,
    trusted: '<b>bold</b>',
    safe: 'a &lt; b',
  };
  const hostile = buildTemplateContext(buildJobDispatchFixture({ payload }));
  const script = '&lt;script&gt;alert(1)&lt;/script&gt;';
  const html = (source: string) => renderer.render(source, hostile, 'body', 'html');

  it('escapes interpolated values and keeps the template’s own markup', async () => {
    expect(await html('<p class="x">Hi {{ payload.name }}</p>')).toBe(`<p class="x">Hi ${script}</p>`);
    expect(await html('<a title="{{ payload.quote }}">x</a>')).toBe('<a title="&#34;O&#39;Neil&#34; &amp; co">x</a>');
    expect(await html('{% echo payload.name %}')).toBe(script);
    expect(await html('{{ payload.name | upcase }}')).toBe('&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;');
  });

  it('lets a value through unescaped only when its last filter is raw', async () => {
    expect(await html('{{ payload.trusted | raw }}')).toBe('<b>bold</b>');
    expect(await html('{{ payload.trusted | raw | upcase }}')).toBe('&lt;B&gt;BOLD&lt;/B&gt;');
  });

  it('escapes once where a template already says escape', async () => {
    expect(await html('{{ payload.name | escape }}|{{ payload.safe | escape_once }}')).toBe(`${script}|a &lt; b`);
  });

  it('renders text as it is (subjects, SMS, push, chat)', async () => {
    const text = await renderer.render('{{ payload.name }} {{ payload.quote }}', hostile);
    expect(text).toBe(`<script>alert(1)</script> "O'Neil" & co`);
  });

  it('renders only the named controls as HTML', async () => {
    const controls = {
      subject: 'Re: {{ payload.name }}',
      body: '<p>{{ payload.name }}</p>',
      footer: { note: '{{ payload.quote }}' },
    };
    expect(await renderer.renderControls(controls, hostile, { htmlControls: ['body', 'footer'] })).toEqual({
      subject: 'Re: <script>alert(1)</script>',
      body: `<p>${script}</p>`,
      footer: { note: '&#34;O&#39;Neil&#34; &amp; co' },
    });
    const asText = await renderer.renderControls(controls, hostile);
    expect(asText).toMatchObject({ body: '<p><script>alert(1)</script></p>' });
  });
});
