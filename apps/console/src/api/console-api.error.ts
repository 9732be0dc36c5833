/** A failed call to Herald's API, with a sentence that says what happened and what to do. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

/** A 422's `errors` (Novu's shape): field path → its problems. */
export type AnsweredFieldErrors = Record<string, { messages?: unknown } | undefined>;

/** "controlValues.body: unknown filter …; payload.name: Required", from a 422's `errors`. */
export function fieldProblems(errors: AnsweredFieldErrors | undefined): string | undefined {
  if (!errors) return undefined;
  const parts = Object.entries(errors).map(([field, problem]) => {
    const messages = Array.isArray(problem?.messages)
      ? problem.messages.filter((message): message is string => typeof message === 'string')
      : [];
    return messages.length > 0 ? `${field} (${messages.join('; ')})` : field;
  });
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * The sentence shown for an answer that is not 2xx. The server's own `message` is added when it
 * says more than the status does; it never holds the key (error bodies carry no credential).
 */
export function errorSentence(status: number, serverMessage?: string, errors?: AnsweredFieldErrors): string {
  const fields = fieldProblems(errors);
  if (status === 422 && fields) return `Herald refused ${fields}; correct it and try again.`;
  const detail = serverMessage ? ` Herald said: “${serverMessage}”.` : '';
  if (status === 0)
    return 'Herald did not answer. Check that it is running (`npm start`) and that this page is served by it.';
  if (status === 401 || status === 403)
    return 'Herald did not accept this API key. Paste a current key of the environment (the dev key is printed by `npm start`).';
  if (status === 404)
    return `Nothing was found here: it may belong to another environment or never have existed.${detail}`;
  if (status === 422) return `Herald refused the filter or request as written; correct it and try again.${detail}`;
  if (status === 429) return 'Too many requests in a short time; wait a few seconds, the page retries by itself.';
  if (status >= 500)
    return `Herald could not answer just now (status ${status}); a service may be starting or down. The page retries by itself.${detail}`;
  return `Herald answered with status ${status}.${detail}`;
}
