/** A validator in the kubernetes-models style: throws when `data` breaks the schema. */
export type SchemaValidate = (data: unknown) => void;

interface VisitedObject {
  path: string;
  value: object;
  consulted: Set<string>;
}

/**
 * Lists the fields of `document` that its schema does not know, as JSON pointers
 * (`/spec/template/spec/containers/0/readinesProbe`).
 *
 * kubernetes-models validates with ajv-compiled schemas (no JSON schema files ship with it) and
 * those schemas allow additional properties, so a typo'd field passes `.validate()`. The
 * compiled validator does, however, look up every property its schema declares — and, for maps
 * such as `labels` or ConfigMap `data`, every key present. So we run the validator over a proxy
 * that records which keys it consulted on each object: a key it never looked at is a key the
 * schema does not declare. Schema errors thrown by `validate` are the caller's to report.
 */
export function findUnknownFields(document: object, validate: SchemaValidate): string[] {
  const visited: VisitedObject[] = [];
  try {
    validate(track(document, '', visited));
  } catch {
    // Reported by the caller's own schema validation; here only the field lookups matter.
  }
  return visited.flatMap(({ path, value, consulted }) =>
    Array.isArray(value)
      ? []
      : Object.keys(value)
          .filter((key) => !consulted.has(key))
          .map((key) => `${path}/${escapePointer(key)}`),
  );
}

function track<T>(value: T, path: string, visited: VisitedObject[]): T {
  if (typeof value !== 'object' || value === null) return value;
  const consulted = new Set<string>();
  visited.push({ path, value, consulted });
  const children = new Map<string, unknown>();
  return new Proxy(value, {
    get(target, key, receiver) {
      const field: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return field;
      consulted.add(key);
      if (!children.has(key)) children.set(key, track(field, `${path}/${escapePointer(key)}`, visited));
      return children.get(key);
    },
  });
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
