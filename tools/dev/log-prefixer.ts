import readline from 'node:readline';
import { Readable } from 'node:stream';

const COLORS = [36, 33, 35, 32, 34, 91, 92, 93];

/** Prints each line of a child's output as `name | level message`, unpacking JSON log lines. */
export function prefixLines(
  stream: Readable,
  name: string,
  index: number,
  width: number,
  write: (line: string) => void,
): void {
  const tag = `\x1b[${COLORS[index % COLORS.length]}m${name.padEnd(width)}\x1b[0m |`;
  readline.createInterface({ input: stream }).on('line', (line) => write(`${tag} ${humanize(line)}`));
}

function humanize(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const {
      time: _time,
      level,
      service: _service,
      context,
      msg,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    return `${String(level).toUpperCase().padEnd(5)} ${context ? `[${String(context)}] ` : ''}${String(msg ?? '')}${extra}`;
  } catch {
    return line;
  }
}
