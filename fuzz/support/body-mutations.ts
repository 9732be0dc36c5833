import fc from 'fast-check';

/**
 * Generators of bad JSON bodies, each starting from a body the route accepts (its seed in the
 * coverage table): mutated as a value, or as text where JSON.stringify cannot produce the input.
 */

type Path = (string | number)[];

function nodePaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...nodePaths(child, [...prefix, key])]);
}

/** Paths of the plain objects in a value, the root included. */
function objectPaths(root: unknown): Path[] {
  return [[], ...nodePaths(root)].filter((path) => {
    const node = getAt(root, path);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], root);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  // An earlier mutation may have replaced the parent with a scalar: then there is nothing to set.
  if (parent === null || typeof parent !== 'object') return root;
  Object.defineProperty(parent, path[path.length - 1], { value, enumerable: true, configurable: true, writable: true });
  return root;
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[key as string];
  return root;
}

/** Values of every JSON type and then some: the wrong type for almost any field. */
const anyJson = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -0, 1.5),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'true',
    'null',
    '0',
    '[]',
    '{}',
    'NaN',
    '\u202e',
    '\ud800',
    'ApiKey x',
    '{{payload.x}}',
    '{% raw %}',
    "'; DROP TABLE x;--",
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** Where a mutation applies: a path into the seed body (the root included). */
const pathIn = (seed: unknown) => {
  const paths = nodePaths(seed);
  return paths.length === 0
    ? fc.constant<Path>([])
    : fc.oneof({ weight: 1, arbitrary: fc.constant<Path>([]) }, { weight: 6, arbitrary: fc.constantFrom(...paths) });
};

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** 1–3 values replaced by a value of another type (the root included). */
export function wrongTypes(seed: unknown): fc.Arbitrary<unknown> {
  return fc.array(fc.tuple(pathIn(seed), anyJson), { minLength: 1, maxLength: 3 }).map((changes) => {
    let body = clone(seed);
    for (const [path, value] of changes) body = setAt(body, path, value);
    return body;
  });
}

/** Up to 4 fields removed and up to 4 unknown ones added (some named like server-owned fields). */
export function missingAndExtra(seed: unknown): fc.Arbitrary<unknown> {
  const objects = objectPaths(seed);
  const extra = fc.tuple(
    fc.constantFrom(...(objects.length ? objects : [[] as Path])),
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'id',
        '_id',
        'environmentId',
        '_environmentId',
        'organizationId',
        'deleted',
        'createdAt',
        'isAdmin',
        'data',
        'kind',
        'workflow',
      ),
    ),
    anyJson,
  );
  const paths = nodePaths(seed);
  return fc
    .tuple(fc.subarray(paths, { maxLength: Math.min(4, paths.length) }), fc.array(extra, { maxLength: 4 }))
    .map(([missing, extras]) => {
      let body = clone(seed);
      // Deepest first, so removing a parent does not hide a child's path.
      for (const path of [...missing].sort((a, b) => b.length - a.length)) body = deleteAt(body, path) ?? {};
      for (const [path, key, value] of extras) {
        const target = getAt(body, path);
        if (target && typeof target === 'object' && !Array.isArray(target)) setAt(body, [...path, key], value);
      }
      return body;
    });
}

/** A JSON text with `marker` (a string value) replaced by raw text. */
const MARKER = '\u0001FUZZ\u0001';
const MARKER_JSON = JSON.stringify(MARKER);

function withRawValue(seed: unknown, path: Path, raw: string): string {
  return JSON.stringify(setAt(clone(seed), path, MARKER)).replace(MARKER_JSON, raw);
}

/** A value nested 30 (accepted up to 64) to 5,000 levels deep (100,000 with `full`). */
export function deepNesting(seed: unknown, full: boolean): fc.Arbitrary<string> {
  return fc
    .tuple(
      pathIn(seed),
      fc.integer({ min: 30, max: full ? 100_000 : 5_000 }),
      fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"__proto__x":[', ']}']),
    )
    .map(([path, depth, [open, close]]) => withRawValue(seed, path, `${open.repeat(depth)}1${close.repeat(depth)}`));
}

/** A value replaced by a huge string, array or object (up to 600 KB; 3 MB with `full`). */
export function hugeValues(seed: unknown, full: boolean): fc.Arbitrary<string> {
  const big = full ? 3_000_000 : 600_000;
  const raw = fc.oneof(
    fc.integer({ min: 1_000, max: big }).map((length) => JSON.stringify('x'.repeat(length))),
    fc.integer({ min: 1_000, max: big / 8 }).map((length) => JSON.stringify('é😀'.repeat(Math.ceil(length / 3)))),
    fc
      .integer({ min: 101, max: full ? 200_000 : 30_000 })
      .map((count) => `[${Array.from({ length: count }, (_, index) => index).join(',')}]`),
    fc
      .integer({ min: 101, max: full ? 100_000 : 10_000 })
      .map((count) => `[${Array.from({ length: count }, (_, index) => `"subscriber-${index}"`).join(',')}]`),
    fc
      .integer({ min: 100, max: full ? 50_000 : 5_000 })
      .map((count) => `{${Array.from({ length: count }, (_, index) => `"k${index}":${index}`).join(',')}}`),
    fc.constant(`1${'0'.repeat(400)}`),
  );
  return fc.tuple(pathIn(seed), raw).map(([path, value]) => withRawValue(seed, path, value));
}

/** Byte sequences that are not UTF-8 (overlong, surrogate, truncated, out of range). */
export const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

/** The valid body with invalid UTF-8 bytes inserted anywhere. */
export function invalidUtf8(seed: unknown): fc.Arbitrary<Buffer> {
  const text = Buffer.from(JSON.stringify(seed));
  return fc
    .tuple(fc.integer({ min: 0, max: text.length }), fc.constantFrom(...INVALID_UTF8))
    .map(([at, bytes]) => Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at)]));
}

const PROTO_INJECTIONS = [
  '"__proto__":{"polluted":true}',
  '"__proto__":null',
  '"__proto__":[]',
  '"__proto__":{"toString":"x"}',
  '"constructor":{"prototype":{"polluted":true}}',
  '"constructor":{"name":"x"}',
  '"constructor":"x"',
  '"prototype":{"polluted":true}',
  '"hasOwnProperty":1',
  '"toString":"x"',
  '"valueOf":{}',
  '"__defineGetter__":1',
];

/** `__proto__`, `constructor` and other `Object.prototype` names as keys of an object in the body. */
export function prototypeKeys(seed: unknown): fc.Arbitrary<string> {
  const objects = objectPaths(seed);
  return fc
    .tuple(
      fc.constantFrom(...(objects.length ? objects : [[] as Path])),
      fc.constantFrom(...PROTO_INJECTIONS),
      fc.boolean(),
    )
    .map(([path, injection, first]) => {
      const body = clone(seed);
      const target = getAt(body, path) as Record<string, unknown>;
      const key = '\u0001INJECT\u0001';
      if (first) {
        const rest = { ...target };
        for (const name of Object.keys(target)) delete target[name];
        Object.assign(target, { [key]: 0 }, rest);
      } else target[key] = 0;
      return JSON.stringify(body).replace(`${JSON.stringify(key)}:0`, injection);
    });
}

/** Truncated or corrupted JSON, JSON5-isms, non-JSON. */
export function malformedJson(seed: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(seed);
  return fc.oneof(
    fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((at) => text.slice(0, at)),
    fc
      .tuple(
        fc.integer({ min: 0, max: text.length }),
        fc.constantFrom('{', '}', '[', ']', ',', ':', '"', "'", '\\', '\n', 'x', '/*', '\u2028'),
      )
      .map(([at, char]) => text.slice(0, at) + char + text.slice(at)),
    fc.constantFrom(
      'NaN',
      'undefined',
      '{a:1}',
      "{'a':1}",
      '{"a":1,}',
      '[1,]',
      '// x\n{}',
      '{"a":01}',
      '{"a":"\\x41"}',
      '{"a":"\\u12"}',
      '"\\ud800"',
      '\ufeff\ufeff{}',
      '{} {}',
      '{"a":Infinity}',
      '<xml/>',
      'a=1&b=2',
      'null',
      '[]',
      '0',
      '"text"',
      ' ',
    ),
    fc.string({ maxLength: 200 }),
  );
}
