import type { ZodError } from 'zod';
import type { FieldIssue } from './validate-with.decorator';

/** zod issues of a value read at `path` → field issues with full paths and the offending values. */
export function zodFieldIssues(error: ZodError, input: unknown, path: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const at = issue.path.reduce<string>((acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : `${acc}.${segment}`), path);
    const value = issue.path.reduce<unknown>(
      (current, segment) => (current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined),
      input,
    );
    return { path: at, message: issue.message === 'Required' ? 'is required' : issue.message, value };
  });
}
