import { registerDecorator, ValidationOptions } from 'class-validator';

/** One problem of a value, at a path below the validated property (`to[2].email`). */
export interface FieldIssue {
  path: string;
  message: string;
  value?: unknown;
}

/** Lists every problem of `value` (the property at `path`); empty when the value is fine. */
export type ValueCheck = (value: unknown, path: string) => FieldIssue[];

/** Name of the class-validator constraint `ValidateWith` registers. */
export const VALIDATE_WITH = 'validateWith';

/**
 * Validates a property with a pure check function, for shapes class-validator cannot express
 * (unions like `to`: string | subscriber | topic | array of them). The check travels in the
 * constraint's context, so the 422 formatter can report each issue under its own path.
 */
export function ValidateWith(check: ValueCheck, options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: VALIDATE_WITH,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { ...options, context: { check } },
      validator: {
        validate: (value: unknown, args) => check(value, args?.property ?? String(propertyName)).length === 0,
        defaultMessage: (args) => check(args?.value, args?.property ?? String(propertyName)).map((issue) => issue.message).join('; '),
      },
    });
  };
}
