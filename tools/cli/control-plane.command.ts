import type { CliOutput } from './dlq.command';

/** Environment the control-plane commands read. */
export interface ControlPlaneCliEnvironment {
  /** The gateway's operator listener (`ADMIN_HTTP_PORT`, any replica): the admin routes are not on the public port. */
  HERALD_ADMIN_URL?: string;
  OPERATOR_TOKEN?: string;
}

const USAGE = [
  'usage: herald org create <name> [--idempotency on|off]',
  '       herald org show <organizationId>',
  '       herald org set <organizationId> [--name <name>] [--idempotency on|off]',
  '       herald env create <organizationId> <name> [--identifier <identifier>]',
  '       herald env delete <environmentId>     (revokes its keys, ends its inbox streams on every gateway replica)',
  '       herald key create <environmentId>     (prints the key: it is shown this once)',
  '       herald key list <environmentId>',
  '       herald key rotate <keyId>             (revokes it on every gateway replica, prints the new key)',
  '       herald key revoke <keyId>             (revokes it on every gateway replica)',
  '',
  'Calls the gateway admin routes. Env: HERALD_ADMIN_URL (default http://127.0.0.1:3100), OPERATOR_TOKEN (required).',
].join('\n');

/** One admin call: method, path, body. */
interface AdminCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
}

/** Top-level commands this module handles. */
export const CONTROL_PLANE_COMMANDS = ['org', 'env', 'key'] as const;

/**
 * Runs `herald org|env|key …` against the gateway's admin routes (the gateway does the work — a
 * revocation goes through its outbox to every replica); prints the answer's `data` as JSON.
 * Returns the process exit code: 0, 1 for a refused call, 2 for a usage error.
 */
export async function runControlPlaneCommand(
  args: readonly string[],
  env: ControlPlaneCliEnvironment,
  output: CliOutput,
): Promise<number> {
  if (args.length === 0 || args.includes('--help') || args[0] === 'help') {
    output.out(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const call = parse(args);
  if (typeof call === 'string') {
    output.err(call);
    output.err(USAGE);
    return 2;
  }
  if (!env.OPERATOR_TOKEN) {
    output.err('OPERATOR_TOKEN is not set (the gateway admin routes need it)');
    return 2;
  }
  const baseUrl = (env.HERALD_ADMIN_URL ?? 'http://127.0.0.1:3100').replace(/\/+$/, '');
  const response = await fetch(`${baseUrl}${call.path}`, {
    method: call.method,
    headers: {
      authorization: `Bearer ${env.OPERATOR_TOKEN}`,
      ...(call.body ? { 'content-type': 'application/json' } : {}),
    },
    body: call.body ? JSON.stringify(call.body) : undefined,
  });
  const text = await response.text();
  const answer = parseJson(text);
  if (!response.ok) {
    output.err(`${call.method} ${call.path}: ${response.status} ${describeError(answer, text)}`);
    return 1;
  }
  output.out(JSON.stringify((answer as { data?: unknown } | undefined)?.data ?? answer, null, 2));
  return 0;
}

function parse(args: readonly string[]): AdminCall | string {
  const [noun, verb, ...rest] = args;
  const { positional, options } = splitOptions(rest);
  if (typeof options === 'string') return options;
  const id = (value: string | undefined) => encodeURIComponent(value ?? '');
  const need = (count: number): string | undefined =>
    positional.length === count
      ? undefined
      : `herald ${noun} ${verb ?? ''}: expected ${count} argument(s), got ${positional.length}`;
  const idempotency = options.idempotency === undefined ? undefined : toSwitch(options.idempotency);
  if (idempotency === null) return '--idempotency must be on or off';
  const command = `${noun} ${verb ?? ''}`;
  switch (command) {
    case 'org create':
      return (
        need(1) ?? {
          method: 'POST',
          path: '/admin/organizations',
          body: { name: positional[0], ...(idempotency === undefined ? {} : { idempotencyEnabled: idempotency }) },
        }
      );
    case 'org show':
      return need(1) ?? { method: 'GET', path: `/admin/organizations/${id(positional[0])}` };
    case 'org set': {
      const body = {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(idempotency === undefined ? {} : { idempotencyEnabled: idempotency }),
      };
      if (Object.keys(body).length === 0) return 'herald org set: give --name or --idempotency';
      return need(1) ?? { method: 'PATCH', path: `/admin/organizations/${id(positional[0])}`, body };
    }
    case 'env create':
      return (
        need(2) ?? {
          method: 'POST',
          path: `/admin/organizations/${id(positional[0])}/environments`,
          body: {
            name: positional[1],
            ...(options.identifier === undefined ? {} : { identifier: options.identifier }),
          },
        }
      );
    case 'env delete':
      return need(1) ?? { method: 'DELETE', path: `/admin/environments/${id(positional[0])}` };
    case 'key create':
      return need(1) ?? { method: 'POST', path: `/admin/environments/${id(positional[0])}/api-keys` };
    case 'key list':
      return need(1) ?? { method: 'GET', path: `/admin/environments/${id(positional[0])}/api-keys` };
    case 'key rotate':
      return need(1) ?? { method: 'POST', path: `/admin/api-keys/${id(positional[0])}/rotate` };
    case 'key revoke':
      return need(1) ?? { method: 'DELETE', path: `/admin/api-keys/${id(positional[0])}` };
    default:
      return `unknown command: herald ${command.trim()}`;
  }
}

const OPTIONS = new Set(['name', 'idempotency', 'identifier']);

function splitOptions(args: readonly string[]): { positional: string[]; options: Record<string, string> | string } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!OPTIONS.has(name)) return { positional, options: `unknown option: --${name}` };
    const value = inline ?? args[(i += 1)];
    if (value === undefined) return { positional, options: `--${name} needs a value` };
    options[name] = value;
  }
  return { positional, options };
}

function toSwitch(value: string): boolean | null {
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  return null;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describeError(answer: unknown, text: string): string {
  const body = answer as { message?: unknown; errors?: unknown } | undefined;
  if (body && typeof body.message === 'string')
    return body.errors ? `${body.message} ${JSON.stringify(body.errors)}` : body.message;
  return text.slice(0, 500);
}
