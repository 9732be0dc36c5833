import { DeadLetterAdmin, DeadLetterListing, TopologyNames, workQueueOf } from '@herald/messaging';

/** Where the CLI prints. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Environment the CLI reads. */
export interface CliEnvironment {
  AMQP_URL?: string;
  BROKER_NAME_PREFIX?: string;
}

const USAGE = [
  'usage: herald dlq list <queue> [--limit N] [--prefix P] [--json]',
  '       herald dlq replay <queue> [--limit N] [--prefix P]',
  '',
  '<queue> is the work queue (<service>.<purpose>, or its .dead name), without the name prefix.',
  'Env: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672), BROKER_NAME_PREFIX.',
].join('\n');

interface ParsedArgs {
  action: string;
  queue: string;
  limit?: number;
  prefix: string;
  json: boolean;
}

/** Runs `herald dlq …`; returns the process exit code. */
export async function runDlqCommand(args: readonly string[], env: CliEnvironment, output: CliOutput): Promise<number> {
  if (args[0] === '--help' || args[0] === 'help') {
    output.out(USAGE);
    return 0;
  }
  const parsed = parseArgs(args, env);
  if (typeof parsed === 'string') {
    output.err(parsed);
    output.err(USAGE);
    return 2;
  }
  const queue = qualifiedQueue(parsed.queue, parsed.prefix);
  const admin = await DeadLetterAdmin.connect(env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  try {
    if (parsed.action === 'list') {
      const listing = await admin.list(queue, { limit: parsed.limit });
      if (parsed.json) output.out(JSON.stringify(listing, null, 2));
      else printListing(listing, output);
    } else {
      const { replayed } = await admin.replay(queue, { limit: parsed.limit });
      output.out(`replayed ${replayed} message(s) from ${queue}.dead to ${queue}`);
    }
    return 0;
  } finally {
    await admin.close();
  }
}

function parseArgs(args: readonly string[], env: CliEnvironment): ParsedArgs | string {
  const [action, queue, ...rest] = args;
  if (action !== 'list' && action !== 'replay') return `unknown dlq action "${action ?? ''}"`;
  if (!queue || queue.startsWith('--')) return 'missing <queue>';
  const parsed: ParsedArgs = { action, queue, prefix: env.BROKER_NAME_PREFIX ?? '', json: false };
  for (let index = 0; index < rest.length; index++) {
    const flag = rest[index];
    if (flag === '--json') parsed.json = true;
    else if (flag === '--limit' || flag === '--prefix') {
      const value = rest[++index];
      if (value === undefined) return `${flag} needs a value`;
      if (flag === '--prefix') parsed.prefix = value;
      else if (!/^[1-9]\d*$/.test(value)) return `--limit must be a positive integer, got "${value}"`;
      else parsed.limit = Number(value);
    } else return `unknown option "${flag}"`;
  }
  return parsed;
}

function qualifiedQueue(queue: string, prefix: string): string {
  const workQueue = workQueueOf(queue);
  const [service, ...purpose] = workQueue.split('.');
  // Validate and prefix through the same naming rules the services use.
  return purpose.length === 1
    ? new TopologyNames({ namePrefix: prefix }).workQueue(service, purpose[0])
    : prefix
      ? `${prefix}.${workQueue}`
      : workQueue;
}

function printListing(listing: DeadLetterListing, output: CliOutput): void {
  output.out(
    `${listing.deadQueue}: ${listing.count} message(s)${listing.messages.length < listing.count ? `, showing ${listing.messages.length}` : ''}`,
  );
  for (const message of listing.messages) {
    output.out(
      [
        `- id=${message.messageId ?? '?'}`,
        `type=${message.type ?? '?'}`,
        `failed-at=${message.failedAt ?? '?'}`,
        `attempts=${message.attempts}`,
        `reason=${JSON.stringify(message.reason)}`,
      ].join(' '),
    );
  }
}
