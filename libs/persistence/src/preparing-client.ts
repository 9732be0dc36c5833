import { createHash } from 'node:crypto';

import { Client } from 'pg';

/** Distinct statements a connection prepares at most; any beyond run unnamed, as before. */
const MAX_PREPARED_PER_CONNECTION = 256;

/** Postgres's answer when a table changed under a prepared statement's result (a rolling migration). */
const CACHED_PLAN_CHANGED = '0A000';

/** Statement names by text, shared by the process's connections. */
const hashes = new Map<string, string>();

function hashOf(text: string): string {
  let hash = hashes.get(text);
  if (!hash) {
    hash = createHash('sha1').update(text).digest('base64url');
    if (hashes.size < 4 * MAX_PREPARED_PER_CONNECTION) hashes.set(text, hash);
  }
  return hash;
}

/**
 * A pg client that runs each parameterized statement as a named prepared statement, parsed and
 * planned once per connection (decision 0049): the set-based statements of the hot path are long
 * CTEs whose parse and plan cost Postgres about as much as running them on a batch of a few rows.
 * Statements without parameters (BEGIN, COMMIT, DDL) run unnamed, as do a connection's statements
 * past its first 256. When a table changed under a prepared statement's result (a migration of a
 * newer release while this one runs), the connection moves to new names, so the next attempt
 * prepares again instead of failing forever.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Set<string>();
  private generation = 0;

  // pg's other overloads (config object, submittable, no values) pass through untouched.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = `h${this.generation}_${hashOf(text)}`;
      if (this.prepared.has(name) || this.prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        args.splice(0, 2, { name, text, values });
        const result: unknown = (super.query as (...parameters: unknown[]) => unknown)(...args);
        if (result instanceof Promise)
          result.catch((error: { code?: string }) => {
            if (error?.code === CACHED_PLAN_CHANGED) this.renameAll();
          });
        return result as never;
      }
    }
    return (super.query as (...parameters: unknown[]) => never)(...args);
  }

  private renameAll(): void {
    this.generation += 1;
    this.prepared.clear();
  }
}
