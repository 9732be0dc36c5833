import { randomBytes } from 'node:crypto';

/**
 * A short name prefix unique to one test suite run, for queues, exchanges and databases, so
 * suites can run in parallel and repeatedly against one broker and one Postgres server.
 * Lower-case letters, digits and underscores only (valid in Postgres identifiers and AMQP names).
 */
export function uniqueTestPrefix(label: string): string {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 20);
  return `t_${safeLabel}_${randomBytes(4).toString('hex')}`;
}
