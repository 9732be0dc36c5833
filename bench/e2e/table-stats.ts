import { Client } from 'pg';

export type TableStats = Map<string, number[]>;

/** The floors' schemas and what their totals are called; every other table is Herald's. */
const FLOOR_SCHEMAS: [string, string][] = [
  ['floor_shaped', 'floor'],
  ['floor', 'two-hop floor'],
];

/** Rows inserted, updated, deleted and scans so far, per table of the bench database. */
export async function tableStats(db: Client): Promise<TableStats> {
  const { rows } = await db.query<{ name: string; ins: string; upd: string; del: string; scans: string }>(
    `SELECT schemaname || '.' || relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans FROM pg_stat_user_tables`,
  );
  return new Map(rows.map((row) => [row.name, [Number(row.ins), Number(row.upd), Number(row.del), Number(row.scans)]]));
}

/** Per notification, what each table did since `before` (Postgres flushes these counters lazily: wait for them). */
export async function rowWorkPerNotification(
  db: Client,
  before: TableStats,
  notifications: number,
): Promise<(string | number)[][]> {
  // A backend reports its table counters when idle, at most ~10 s late (PGSTAT_IDLE_INTERVAL).
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const after = await tableStats(db);
  const perTable = [...after]
    .map(([name, values]): [string, number[]] => [
      name,
      values.map((value, index) => (value - (before.get(name)?.[index] ?? 0)) / notifications),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]));
  const sideOf = (name: string) => FLOOR_SCHEMAS.find(([schema]) => name.startsWith(`${schema}.`))?.[1] ?? 'Herald';
  const totals = ['Herald', ...FLOOR_SCHEMAS.map(([, side]) => side)].map((side): [string, number[]] => [
    `all ${side} tables`,
    [0, 1, 2, 3].map((index) =>
      perTable.filter(([name]) => sideOf(name) === side).reduce((sum, [, values]) => sum + values[index], 0),
    ),
  ]);
  return [...perTable.filter(([, values]) => values.some((value) => value >= 0.1)), ...totals].map(([name, values]) => [
    name,
    ...values.map((value) => Math.round(value * 100) / 100),
  ]);
}
