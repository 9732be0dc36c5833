import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePorts } from '../../e2e/support/free-port';
import { runCommand } from './run-command.util';

/** A PostgreSQL cluster of its own, which the chaos suite may crash and start again without disturbing anyone. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** `pg_ctl stop -m immediate`: every backend dies without a checkpoint, as in a crash; `start()` recovers from the WAL. */
  crash(): Promise<void>;
  /** `pg_ctl start`; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (fast) and removes its data directory. */
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'bin', 'pg_ctl')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  return path.join(root, newest, 'bin');
}

/**
 * Initialises and starts a throw-away PostgreSQL cluster as user `postgres` (it refuses to run as
 * root) on a free loopback port, trust auth, socket in its own temporary directory. The shared
 * server on :5432 is never touched.
 */
export async function startPrivatePostgres(label: string): Promise<PrivatePostgres> {
  const bin = binDir();
  const [port] = await freePorts(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-${label}-pg-`));
  const data = path.join(dir, 'data');
  await runCommand('chown', ['postgres:postgres', dir]);
  const asPostgres = (tool: string, args: string[], timeoutMs = 120_000) =>
    runCommand('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], timeoutMs);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // fsync off: a crash here is the server's (immediate stop), not the OS's, so the WAL in the page cache survives it.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
  const start = async () =>
    void (await asPostgres(
      'pg_ctl',
      ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', '-o', options, 'start'],
      150_000,
    ));
  const cluster: PrivatePostgres = {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    crash: async () => void (await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])),
    start,
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
