/**
 * What a workflow's `payloadSchema` may cost (decision 0029, README "Limits"). Every keyword ajv
 * runs is linear in the payload or bounded by one of these, so a schema cannot freeze the gateway.
 */
export const PAYLOAD_SCHEMA_LIMITS = {
  /** The schema serialized as JSON, in characters. */
  maxSchemaLength: 65_536,
  /** Subschemas nested inside each other (`properties` → `items` → …). */
  maxDepth: 32,
  /** Subschemas ajv may evaluate for one value, each `$ref` counted as the subschema it names. */
  maxSubschemas: 1_000,
  /** Distinct regular expressions (`pattern`, `patternProperties` keys). */
  maxPatterns: 32,
  /** Characters of one regular expression. */
  maxPatternLength: 512,
  /** Time the ReDoS checker may spend on one pattern, and on all patterns of one schema, in ms. */
  patternCheckMs: 1_000,
  schemaCheckMs: 3_000,
  /** Above this many payload bytes a failing payload is reported by its first problem only. */
  allErrorsMaxPayloadBytes: 65_536,
  /** Problems reported for one payload. */
  maxIssues: 50,
} as const;

/**
 * Formats Herald checks, each on strings up to a length (longer ones fail the format without a
 * regular expression running). Other format names are ignored, as before ajv.
 */
export const FORMAT_MAX_LENGTH = {
  email: 254,
  uri: 2_048,
  uuid: 36,
  date: 10,
  time: 32,
  'date-time': 64,
  ipv4: 15,
} as const;
