import { filters as standardFilters, Liquid, LiquidError, type Template } from 'liquidjs';
import type { TemplateContext } from './template-context';
import { TemplateRenderError } from './template-render.error';

/** Limits that keep a hostile or careless template from taking a runner down. */
export interface TemplateRendererOptions {
  /** Parsed templates kept, by source text (default 2000). */
  cacheSize?: number;
  /** Longest template source accepted, in characters (default 1 M). */
  parseLimit?: number;
  /** Wall time one render may take, in ms (default 1000). */
  renderLimit?: number;
  /** Objects one render may create (liquidjs' memory accounting; default 10 M). */
  memoryLimit?: number;
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

  constructor(options: TemplateRendererOptions = {}) {
    this.cacheSize = options.cacheSize ?? 2000;
    const settings = {
      strictFilters: true,
      strictVariables: false,
      ownPropertyOnly: true,
      templates: {},
      timezoneOffset: 0,
      parseLimit: options.parseLimit ?? 1_000_000,
      renderLimit: options.renderLimit ?? 1_000,
      memoryLimit: options.memoryLimit ?? 10_000_000,
    };
    const html = new Liquid({ ...settings, outputEscape: 'escape' });
    // Templates written before output was escaped say `| escape` themselves: escape once, not twice.
    for (const name of ['escape', 'escape_once', 'xml_escape'] as const) {
      const standard = standardFilters[name];
      html.registerFilter(name, { handler: typeof standard === 'function' ? standard : standard.handler, raw: true });
    }
    this.engines = {
      text: { liquid: new Liquid(settings), cache: new Map() },
      html: { liquid: html, cache: new Map() },
    };
  }

  /** Renders one template. Throws {@link TemplateRenderError} (with `path`) when it is invalid. */
  async render(source: string, context: TemplateContext, path = '', format: OutputFormat = 'text'): Promise<string> {
    if (!LIQUID_MARKERS.test(source)) return source;
    const engine = this.engines[format];
    try {
      return String(await engine.liquid.render(this.parse(engine, source), context));
    } catch (error) {
      throw new TemplateRenderError(path, describeLiquidError(error));
    }
  }

  /**
   * Renders every string in `controls` (nested objects and arrays included), keeping the shape.
   * The first invalid template throws {@link TemplateRenderError} naming its path.
   */
  async renderControls(
    controls: Record<string, unknown>,
    context: TemplateContext,
    options: RenderControlsOptions = {},
  ): Promise<RenderedControls> {
    const html = new Set(options.htmlControls ?? []);
    const rendered: RenderedControls = {};
    for (const [key, value] of Object.entries(controls)) {
      rendered[key] = await this.renderValue(value, context, key, html.has(key) ? 'html' : 'text');
    }
    return rendered;
  }

  private async renderValue(
    value: unknown,
    context: TemplateContext,
    path: string,
    format: OutputFormat,
  ): Promise<unknown> {
    if (typeof value === 'string') return this.render(value, context, path, format);
    if (Array.isArray(value)) {
      const rendered: unknown[] = [];
      for (const [index, item] of value.entries()) {
        rendered.push(await this.renderValue(item, context, `${path}[${index}]`, format));
      }
      return rendered;
    }
    if (value !== null && typeof value === 'object') {
      const rendered: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        rendered[key] = await this.renderValue(item, context, `${path}.${key}`, format);
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

function describeLiquidError(error: unknown): string {
  if (error instanceof LiquidError) {
    // The first line holds the reason and position; the rest is a source excerpt we do not need.
    return error.message.split('\n')[0].slice(0, 500);
  }
  return error instanceof Error ? error.message.slice(0, 500) : String(error);
}
