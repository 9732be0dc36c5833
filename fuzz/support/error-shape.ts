const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * What is wrong with a 4xx answer, measured against the gateway issue's conventions: always
 * `statusCode` (= the HTTP status), `timestamp` (ISO 8601), `path` (the request target without its
 * query string, which can carry a token), `message`;
 * a 422 carries `errors: {<field>: {messages: [...], value?}}`; a 400 carries `type` and
 * `errors: [{field, message, value?}]`. An empty list means the answer is well-formed.
 */
export function errorShapeProblems(status: number, body: unknown, target: string): string[] {
  if (!isRecord(body)) return [`body is not a JSON object`];
  const problems: string[] = [];
  if (body.statusCode !== status) problems.push(`statusCode ${JSON.stringify(body.statusCode)} ≠ HTTP ${status}`);
  if (
    typeof body.timestamp !== 'string' ||
    Number.isNaN(Date.parse(body.timestamp)) ||
    !/^\d{4}-\d\d-\d\dT/.test(body.timestamp)
  ) {
    problems.push(`timestamp ${JSON.stringify(body.timestamp)} is not ISO 8601`);
  }
  const path = target.split('?', 1)[0];
  if (typeof body.path !== 'string') problems.push('path is missing');
  else if (
    body.path !== path &&
    !(body.path.endsWith('…') && path.startsWith(body.path.slice(0, -1))) &&
    body.type !== 'BAD_REQUEST_LINE'
  ) {
    problems.push(`path ${JSON.stringify(body.path.slice(0, 100))} is not the request target`);
  }
  if (typeof body.message !== 'string' && !isStringArray(body.message))
    problems.push('message is neither a string nor a list of strings');
  if (status === 400) {
    if (typeof body.type !== 'string' || body.type === '') problems.push('400 without type');
    if (!Array.isArray(body.errors)) problems.push('400 without an errors list');
    else if (
      !body.errors.every(
        (error) => isRecord(error) && typeof error.field === 'string' && typeof error.message === 'string',
      )
    )
      problems.push('400 errors not [{field, message}]');
  }
  if (status === 422) {
    if (!isRecord(body.errors)) problems.push('422 without an errors record');
    else {
      for (const [field, error] of Object.entries(body.errors)) {
        if (!isRecord(error) || !isStringArray(error.messages) || error.messages.length === 0)
          problems.push(`422 errors.${field} is not {messages: [..], value}`);
      }
    }
  }
  return problems;
}
