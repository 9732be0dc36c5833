import type { z } from 'zod';

/** Issues beyond this are summarised: a dead-letter reason has to stay readable (and fit a header). */
export const MAX_REPORTED_ISSUES = 20;

/** `['to', 3, 'subscriberId']` under `data` → `data.to[3].subscriberId`. */
export function formatIssuePath(path: readonly (string | number)[], root: string): string {
  return path.reduce<string>(
    (acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment),
    root,
  );
}

/**
 * Readable one-line issues (`data.to[0].subscriberId: must not be empty`). Values are never
 * echoed (they may be payload or credentials), only paths and zod's messages.
 */
export function formatZodIssues(error: z.ZodError, root: string): string[] {
  const lines = error.issues.map((issue) => `${formatIssuePath(issue.path, root) || 'message'}: ${issue.message}`);
  if (lines.length <= MAX_REPORTED_ISSUES) return lines;
  return [...lines.slice(0, MAX_REPORTED_ISSUES), `... and ${lines.length - MAX_REPORTED_ISSUES} more issues`];
}
