import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The command that records new contracts and compatible additions in the stability snapshots. */
export const RECORD_COMMAND = 'UPDATE_CONTRACT_SNAPSHOT=1 npx jest libs/contracts/src/stability';

/** The recorded snapshot in `file` (nothing recorded yet when there is no such file). */
export function readSnapshot<T>(file: string): Record<string, T> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, T>;
}

/** Writes `value` to `file` as {@link readableJson}. */
export function writeSnapshot(file: string, value: Record<string, unknown>): void {
  writeFileSync(file, `${readableJson(value)}\n`);
}

/** `entries` sorted by key, so a snapshot's order does not depend on registration order. */
export function sortedByKey<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}

/** Pretty JSON with every small node on one line, so the snapshot stays short and its diffs readable. */
export function readableJson(value: unknown, indent = ''): string {
  const inline = JSON.stringify(value);
  if (inline.length <= 100 || value === null || typeof value !== 'object') return inline;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => readableJson(item, inner))
    : Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${readableJson(item, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.map((item) => `${inner}${item}`).join(',\n')}\n${indent}${close}`;
}
