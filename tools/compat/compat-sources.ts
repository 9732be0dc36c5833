import fs from 'node:fs';
import path from 'node:path';

/** Where the pinned copies, the reasons and the served-elsewhere map live (relative to the repository). */
export const COMPAT_DIR = 'docs/compat';

export type SourceId = 'novu-routes' | 'novu-api' | 'novu-node' | 'novu-js';

/** The order sources are counted and shown in. */
export const SOURCE_IDS: SourceId[] = ['novu-api', 'novu-node', 'novu-js', 'novu-routes'];

/** One route Novu serves or one of its clients calls. */
export interface NovuRoute {
  method: string;
  /** With the version prefix and `{param}`s: `/v1/subscribers/{subscriberId}`. */
  path: string;
  /** First segment after the version: `subscribers`. */
  family: string;
  /** Controller method, SDK function or resource method: `subscribers.identify`. */
  id: string;
  operationId?: string;
  /** novu-routes only: the controller file. */
  file?: string;
  /** novu-routes only: in Novu's public API document (not `@ApiExcludeController`/`@ApiExcludeEndpoint`). */
  public?: boolean;
  /** novu-routes only: accepts an API key (`@ExternalApiAccessible`). */
  apiKey?: boolean;
}

/** A pinned copy, as `extract-novu-sources` writes it. */
export interface PinnedSource {
  source: SourceId;
  title: string;
  /** Commit or package version it was read from. */
  origin: string;
  routes: NovuRoute[];
}

/** Why a route is not served: by `METHOD /path` (most specific), else by family. */
export interface Reasons {
  routes: Record<string, string>;
  families: Record<string, string>;
}

/** Novu's `METHOD /path` → Herald's `METHOD /path` serving the same capability, and how it differs. */
export type ServedElsewhere = Record<string, { herald: string; note: string }>;

function readJson<T>(repositoryRoot: string, name: string): T {
  return JSON.parse(fs.readFileSync(path.join(repositoryRoot, COMPAT_DIR, name), 'utf8')) as T;
}

/** The pinned copies, the reasons file and the served-elsewhere map. */
export function readCompatInputs(repositoryRoot: string): {
  sources: PinnedSource[];
  reasons: Reasons;
  servedElsewhere: ServedElsewhere;
} {
  return {
    sources: SOURCE_IDS.map((id) => readJson<PinnedSource>(repositoryRoot, `${id}.json`)),
    reasons: readJson<Reasons>(repositoryRoot, 'not-served-reasons.json'),
    servedElsewhere: readJson<ServedElsewhere>(repositoryRoot, 'served-elsewhere.json'),
  };
}
