import {
  Context,
  type Emitter,
  filters as standardFilters,
  Liquid,
  LiquidError,
  type Template,
  toValue,
} from 'liquidjs';

import { DEFAULT_RENDER_BUDGET, RenderBudget, type RenderBudgetLimits } from './render-budget';
import type { TemplateContext } from './template-context';
import { TemplateBudgetError, TemplateRenderError } from './template-render.error';

/**
 * Limits that keep a hostile or careless template from taking a runner down. The render limits are
 * per job: every control rendered by one `renderControls` call (or one `render` without a budget)
 * shares them (decision 0029).
 */
export interface TemplateRendererOptions {
  /** Parsed templates kept, by source text (default 2000). */
  cacheSize?: number;
  /** Longest single template source accepted by the parser, in characters (default 1 M). */
  parseLimit?: number;
  /** The per-job budget; unset fields take `DEFAULT_RENDER_BUDGET`'s. */
  budget?: Partial<RenderBudgetLimits>;
  /** The clock the time budget reads, in ms (tests). */
  now?: () => number;
}

/** Rendered controls: the same shape as the input, every string rendered. */
export type RenderedControls = Record<string, unknown>;

/**
 * How a template's output is used. `text` (subjects, SMS, push, chat, in-app text) is emitted as
 * rendered. `html` (an email body) HTML-escapes every `{{ }}` and `{% echo %}` output unless its
 * last filter is `raw`, which marks a value as trusted HTML; the template's own markup is never
 * touched.
 */
export type OutputFormat = 'text' | 'html';

/** How {@link TemplateRenderer.renderControls} renders the controls. */
export interface RenderControlsOptions {
  /**
   * Top-level control keys whose strings (nested ones included) are HTML: their Liquid output is
   * escaped (see {@link OutputFormat}). Every other control is rendered as text.
   */
  htmlControls?: readonly string[];
  /** The job's budget, when it renders more than these controls; a fresh one otherwise. */
  budget?: RenderBudget;
}

const LIQUID_MARKERS = /{{|{%/;

/** One Liquid engine and the templates it parsed (escaping is decided when a template is parsed). */
interface Engine {
  liquid: Liquid;
  cache: Map<string, Template[]>;
}

/**
 * Liquid rendering for step controls. Undefined variables render empty (as in Novu); unknown
 * filters are errors; templates read only own properties of the context; `include`, `render` and
 * `layout` find nothing (no file system access); dates format in UTC. Parsed templates are
 * cached by source text, since every job of a workflow version renders the same controls.
 * HTML controls escape their output (`| raw` opts out; decision 0028).
 */
export class TemplateRenderer {
  private readonly engines: Record<OutputFormat, Engine>;
  private readonly cacheSize: number;
  private readonly limits: RenderBudgetLimits;
  private readonly now?: () => number;

  constructor(options: TemplateRendererOptions = {}) {
    this.cacheSize = options.cacheSize ?? 2000;
    this.limits = { ...DEFAULT_RENDER_BUDGET, ...options.budget };
    this.now = options.now;
    const settings = {
      strictFilters: true,
      strictVariables: false,
      ownPropertyOnly: true,
      templates: {},
      timezoneOffset: 0,
      parseLimit: options.parseLimit ?? 1_000_000,
      // Replaced by the job's budget in every render (see `renderIn`); these are only a backstop.
      renderLimit: this.limits.timeMs,
      memoryLimit: this.limits.memory,
    };
    const html = new Liquid({ ...settings, outputEscape: 'escape' });
    // Templates written before output was escaped say `| escape` themselves: escape once, not twice.
    for (const name of ['escape', 'escape_once', 'xml_escape'] as const) {
      const standard = standardFilters[name];
      html.registerFilter(name, { handler: typeof standard === 'function' ? standard : standard.handler, raw: true });
    }
    const text = new Liquid(settings);
    meterOutput(text);
    meterOutput(html);
    this.engines = {
      text: { liquid: text, cache: new Map() },
      html: { liquid: html, cache: new Map() },
    };
  }

  /** A fresh per-job budget with this renderer's limits. */
  newBudget(): RenderBudget {
    return new RenderBudget(this.limits, this.now);
  }

  /**
   * Renders one template within `budget` (a fresh one when omitted). Throws
   * {@link TemplateBudgetError} when the budget runs out, {@link TemplateRenderError} (with `path`)
   * when the template is invalid.
   */
  async render(
    source: string,
    context: TemplateContext,
    path = '',
    format: OutputFormat = 'text',
    budget: RenderBudget = this.newBudget(),
  ): Promise<string> {
    try {
      budget.chargeSource(source.length);
      if (!LIQUID_MARKERS.test(source)) {
        budget.chargeOutput(source.length);
        return source;
      }
      const engine = this.engines[format];
      budgets.set(budget.memory, budget);
      // A context per template (its `assign`s stay its own), the job's limiters in every one.
      const scope = new Context(
        context,
        engine.liquid.options,
        {},
        {
          memoryLimit: budget.memory as Context['memoryLimit'],
          renderLimit: budget.time as Context['renderLimit'],
          liquid: engine.liquid,
        },
      );
      return String(await engine.liquid.render(this.parse(engine, source), scope));
    } catch (error) {
      if (budget.exceeded) throw new TemplateBudgetError(path, budget.exceeded);
      throw new TemplateRenderError(path, describeLiquidError(error));
    }
  }

  /**
   * Renders every string in `controls` (nested objects and arrays included), keeping the shape,
   * all of them within one budget (the job's). The first invalid template throws
   * {@link TemplateRenderError} naming its path; running out of budget throws
   * {@link TemplateBudgetError} naming the template where it happened.
   */
  async renderControls(
    controls: Record<string, unknown>,
    context: TemplateContext,
    options: RenderControlsOptions = {},
  ): Promise<RenderedControls> {
    const html = new Set(options.htmlControls ?? []);
    const budget = options.budget ?? this.newBudget();
    const rendered: RenderedControls = {};
    for (const [key, value] of Object.entries(controls)) {
      rendered[key] = await this.renderValue(value, context, key, html.has(key) ? 'html' : 'text', budget);
    }
    return rendered;
  }

  private async renderValue(
    value: unknown,
    context: TemplateContext,
    path: string,
    format: OutputFormat,
    budget: RenderBudget,
  ): Promise<unknown> {
    if (typeof value === 'string') return this.render(value, context, path, format, budget);
    if (Array.isArray(value)) {
      const rendered: unknown[] = [];
      for (const [index, item] of value.entries()) {
        rendered.push(await this.renderValue(item, context, `${path}[${index}]`, format, budget));
      }
      return rendered;
    }
    if (value !== null && typeof value === 'object') {
      const rendered: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        rendered[key] = await this.renderValue(item, context, `${path}.${key}`, format, budget);
      }
      return rendered;
    }
    return value;
  }

  private parse({ liquid, cache }: Engine, source: string): Template[] {
    const cached = cache.get(source);
    if (cached) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      cache.delete(source);
      cache.set(source, cached);
      return cached;
    }
    const parsed = liquid.parse(source);
    cache.set(source, parsed);
    if (cache.size > this.cacheSize) cache.delete(cache.keys().next().value as string);
    return parsed;
  }
}

/** The budget whose memory limiter a render context carries, if it is one of ours. */
const budgets = new WeakMap<object, RenderBudget>();

/**
 * Makes every output of `liquid` count against the job's budget: liquidjs writes tag, loop and
 * `capture` output to an emitter without accounting for it, so a `{% for %}` repeating a large
 * payload value was unbounded. An emitter is created wherever liquidjs would create its own.
 */
function meterOutput(liquid: Liquid): void {
  const renderer = liquid.renderer;
  const renderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = (templates: Template[], ctx: Context, emitter?: Emitter) => {
    const budget = budgets.get(ctx.memoryLimit);
    return renderTemplates(templates, ctx, emitter ?? (budget ? new MeteredEmitter(budget) : undefined));
  };
}

/** liquidjs' plain emitter, counting what it writes. */
class MeteredEmitter implements Emitter {
  buffer = '';

  constructor(private readonly budget: RenderBudget) {}

  write(html: unknown): void {
    const text = stringify(html);
    this.budget.chargeOutput(text.length);
    this.buffer += text;
  }
}

/** liquidjs' own output conversion (its `stringify` is not exported). */
function stringify(value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string') return plain;
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(stringify).join('');
  return String(plain);
}

function describeLiquidError(error: unknown): string {
  if (error instanceof LiquidError) {
    // The first line holds the reason and position; the rest is a source excerpt we do not need.
    return error.message.split('\n')[0].slice(0, 500);
  }
  return error instanceof Error ? error.message.slice(0, 500) : String(error);
}
