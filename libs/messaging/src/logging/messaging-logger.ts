/** Structured fields of a log line. Never put message payloads or credentials here. */
export type LogFields = Record<string, unknown>;

/**
 * The small logging surface the messaging lib needs, so apps can plug in their own logger
 * (e.g. the observability lib's JSON logger) without this lib depending on it.
 */
export interface MessagingLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Default logger: warnings and errors as one JSON line on stderr; info is dropped. */
export const stderrMessagingLogger: MessagingLogger = {
  info: () => undefined,
  warn: (message, fields) => writeLine('warn', message, fields),
  error: (message, fields) => writeLine('error', message, fields),
};

function writeLine(level: string, message: string, fields?: LogFields): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, component: 'messaging', msg: message, ...fields })}\n`,
  );
}

/** Turns anything thrown into a short string for logs and headers (`Name: message`, or just the message of a plain Error). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'Error' || error.message.startsWith(`${error.name}:`)) return error.message;
  return `${error.name}: ${error.message}`;
}
