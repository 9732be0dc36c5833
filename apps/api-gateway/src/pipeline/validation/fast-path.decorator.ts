/**
 * Says, cheaply, that a JSON object certainly passes a DTO's class-validator rules. It may say
 * false for a valid value (class-validator then decides), never true for an invalid one.
 */
export type CertainlyValid = (value: Record<string, unknown>) => boolean;

const FAST_PATHS = new WeakMap<object, CertainlyValid>();

/**
 * Gives a DTO a fast path in front of class-validator: a body the check accepts skips
 * class-transformer and class-validator (10+ µs on the trigger route) and gets the same result —
 * the DTO's own properties, unknown ones dropped. Every other body goes through class-validator,
 * so errors keep their exact wording and shape.
 */
export function FastPath(check: CertainlyValid): ClassDecorator {
  return (target) => {
    FAST_PATHS.set(target, check);
  };
}

/** The fast-path check of a DTO class, if it has one. */
export function fastPathOf(type: object): CertainlyValid | undefined {
  return FAST_PATHS.get(type);
}
