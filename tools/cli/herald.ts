#!/usr/bin/env node
// The `herald` admin CLI (`npm run herald -- <command> …`). Thin: the logic lives in the libs.
import { CONTROL_PLANE_COMMANDS, runControlPlaneCommand } from './control-plane.command';
import { runDlqCommand } from './dlq.command';

const USAGE = [
  'usage: herald dlq <list|replay> <queue> [options]   (herald dlq --help)',
  '       herald org|env|key <action> …                 (herald key --help)',
].join('\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const output = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  if (command === 'dlq') return runDlqCommand(rest, process.env, output);
  if ((CONTROL_PLANE_COMMANDS as readonly string[]).includes(command))
    return runControlPlaneCommand([command, ...rest], process.env, output);
  output.err(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`herald: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
