import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import type { FieldErrors } from '../../core/errors/gateway.exception';
import { fastPathOf } from './fast-path.decorator';
import { toFieldErrors } from './field-errors.formatter';

/** The outcome of validating a plain value against a DTO class. */
export type DtoValidation<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

type DtoClass<T> = new () => T;

const rulesByType = new WeakMap<object, boolean>();

/** True when class-validator knows rules for the class (only those are validated by the global pipe). */
export function hasValidationRules(type: unknown): type is DtoClass<object> {
  if (typeof type !== 'function') return false;
  let known = rulesByType.get(type);
  if (known === undefined) {
    // Decorators run at class definition, so the answer never changes once a request asks.
    known = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).length > 0;
    rulesByType.set(type, known);
  }
  return known;
}

const rulePropertiesByType = new WeakMap<object, readonly string[]>();

/**
 * What `plainToInstance` + `validateSync({ whitelist: true })` make of a valid plain object: an
 * instance of the DTO with the properties that have rules (the values themselves are not copied).
 */
function pickRuleProperties<T extends object>(type: DtoClass<T>, value: Record<string, unknown>): T {
  let properties = rulePropertiesByType.get(type);
  if (!properties) {
    properties = [...new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', false, false).map((rule) => rule.propertyName))];
    rulePropertiesByType.set(type, properties);
  }
  const instance = new type() as Record<string, unknown>;
  for (const property of properties) if (Object.hasOwn(value, property)) instance[property] = value[property];
  return instance as T;
}

/**
 * Validates `value` (a parsed JSON body or one bulk item) against a DTO: it must be a JSON
 * object; properties without rules are dropped; every broken rule is reported by path.
 */
export function validateDto<T extends object>(type: DtoClass<T>, value: unknown, label = 'body'): DtoValidation<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: { [label]: { messages: [`${label} must be a JSON object`], value } } };
  }
  const fastPath = fastPathOf(type);
  if (fastPath?.(value as Record<string, unknown>)) return { ok: true, value: pickRuleProperties(type, value as Record<string, unknown>) };
  let instance: T;
  try {
    instance = plainToInstance(type, value);
  } catch (error) {
    // class-transformer takes an own `constructor` property of a nested object for its class and throws.
    const field = ownConstructorPath(value, label);
    if (field === undefined) throw error;
    return { ok: false, errors: { [field]: { messages: ['a property named "constructor" is not supported here'] } } };
  }
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: false, validationError: { target: false, value: true } });
  return errors.length === 0 ? { ok: true, value: instance } : { ok: false, errors: toFieldErrors(errors) };
}

/** The path of the first nested object with an own `constructor` property, if any. */
function ownConstructorPath(root: object, label: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (!Array.isArray(value) && Object.hasOwn(value, 'constructor')) return path ? `${path}.constructor` : `${label}.constructor`;
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key });
  }
  return undefined;
}
