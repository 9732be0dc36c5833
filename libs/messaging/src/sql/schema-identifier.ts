const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

/** Validates a Postgres schema name and returns it double-quoted for SQL text. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and '_'`);
  return `"${schema}"`;
}

/** The LISTEN/NOTIFY channel on which new outbox rows of `schema` are announced. */
export function outboxNotifyChannel(schema: string): string {
  quoteSchema(schema);
  return `herald_outbox_${schema}`;
}
