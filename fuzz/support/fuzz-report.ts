/** Counts per category and per route, with the statuses seen, and every problem found. */
export class FuzzReport {
  readonly problems: string[] = [];
  private readonly byCategory = new Map<string, Map<number, number>>();
  private readonly byRoute = new Map<string, Map<number, number>>();
  total = 0;

  record(category: string, route: string, status: number): void {
    this.total += 1;
    for (const [table, key] of [
      [this.byCategory, category],
      [this.byRoute, route],
    ] as const) {
      const statuses = table.get(key) ?? new Map<number, number>();
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      table.set(key, statuses);
    }
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  /** A plain-text table for the run's output. */
  format(title: string): string {
    const render = (table: Map<string, Map<number, number>>) =>
      [...table.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, statuses]) => {
          const count = [...statuses.values()].reduce((sum, n) => sum + n, 0);
          const detail = [...statuses.entries()]
            .sort(([a], [b]) => a - b)
            .map(([status, n]) => `${status}×${n}`)
            .join(' ');
          return `  ${key.padEnd(62)} ${String(count).padStart(6)}  ${detail}`;
        })
        .join('\n');
    return [
      `${title}: ${this.total} requests, ${this.problems.length} problems`,
      'per category:',
      render(this.byCategory),
      'per route:',
      render(this.byRoute),
      '',
    ].join('\n');
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
