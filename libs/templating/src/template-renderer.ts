import { Liquid, LiquidError, type Template } from 'liquidjs';
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

const LIQUID_MARKERS = /{{|{%/;

/**
 * Liquid rendering for step controls. Undefined variables render empty (as in Novu); unknown
 * filters are errors; templates read only own properties of the context; `include`, `render` and
 * `layout` find nothing (no file system access); dates format in UTC. Parsed templates are
 * cached by source text, since every job of a workflow version renders the same controls.
 */
export class TemplateRenderer {
  private readonly liquid: Liquid;
  private readonly cache = new Map<string, Template[]>();
  private readonly cacheSize: number;

  constructor(options: TemplateRendererOptions = {}) {
    this.cacheSize = options.cacheSize ?? 2000;
    this.liquid = new Liquid({
      strictFilters: true,
      strictVariables: false,
      ownPropertyOnly: true,
      templates: {},
      timezoneOffset: 0,
      parseLimit: options.parseLimit ?? 1_000_000,
      renderLimit: options.renderLimit ?? 1_000,
      memoryLimit: options.memoryLimit ?? 10_000_000,
    });
  }

  /** Renders one template. Throws {@link TemplateRenderError} (with `path`) when it is invalid. */
  async render(source: string, context: TemplateContext, path = ''): Promise<string> {
    if (!LIQUID_MARKERS.test(source)) return source;
    try {
      return String(await this.liquid.render(this.parse(source), context));
    } catch (error) {
      throw new TemplateRenderError(path, describeLiquidError(error));
    }
  }

  /**
   * Renders every string in `controls` (nested objects and arrays included), keeping the shape.
   * The first invalid template throws {@link TemplateRenderError} naming its path.
   */
  async renderControls(controls: Record<string, unknown>, context: TemplateContext): Promise<RenderedControls> {
    return (await this.renderValue(controls, context, '')) as RenderedControls;
  }

  private async renderValue(value: unknown, context: TemplateContext, path: string): Promise<unknown> {
    if (typeof value === 'string') return this.render(value, context, path);
    if (Array.isArray(value)) {
      const rendered: unknown[] = [];
      for (const [index, item] of value.entries()) rendered.push(await this.renderValue(item, context, `${path}[${index}]`));
      return rendered;
    }
    if (value !== null && typeof value === 'object') {
      const rendered: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) rendered[key] = await this.renderValue(item, context, path ? `${path}.${key}` : key);
      return rendered;
    }
    return value;
  }

  private parse(source: string): Template[] {
    const cached = this.cache.get(source);
    if (cached) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.cache.delete(source);
      this.cache.set(source, cached);
      return cached;
    }
    const parsed = this.liquid.parse(source);
    this.cache.set(source, parsed);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
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
