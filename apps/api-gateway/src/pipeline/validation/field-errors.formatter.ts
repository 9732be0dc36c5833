import type { ValidationError } from 'class-validator';
import type { FieldErrors } from '../../core/errors/gateway.exception';
import { VALIDATE_WITH, ValueCheck } from './validate-with.decorator';

/**
 * class-validator errors → Novu's 422 `errors`: `{<field path>: {messages, value}}`. Nested
 * properties are joined with `.`; `ValidateWith` checks report each issue under its own path.
 */
export function toFieldErrors(errors: readonly ValidationError[], parentPath = ''): FieldErrors {
  const result: FieldErrors = {};
  const add = (path: string, message: string, value: unknown) => {
    const entry = (result[path] ??= { messages: [], value });
    entry.messages.push(message);
  };
  for (const error of errors) {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const check = constraint === VALIDATE_WITH ? (error.contexts?.[VALIDATE_WITH] as { check?: ValueCheck } | undefined)?.check : undefined;
      if (!check) {
        add(path, message, error.value);
        continue;
      }
      for (const issue of check(error.value, path)) add(issue.path, issue.message, issue.value);
    }
    if (error.children?.length) {
      for (const [childPath, entry] of Object.entries(toFieldErrors(error.children, path))) {
        for (const message of entry.messages) add(childPath, message, entry.value);
      }
    }
  }
  return result;
}

/** The messages of a field-errors map as one list (bulk items report them as `error: [...]`). */
export function fieldErrorMessages(errors: FieldErrors): string[] {
  return Object.values(errors).flatMap((entry) => entry.messages);
}
