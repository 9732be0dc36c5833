import { ChildProcess, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

import * as amqp from 'amqplib';
import { Client } from 'pg';

import { AMQP_URL, DATABASE_URL } from './bench-config';

/** The bench server URL with its database part replaced. */
export function withDatabase(database: string, serverUrl = DATABASE_URL): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on one short-lived connection to `url` (the server's default database unless given). */
export async function onServer<T>(work: (client: Client) => Promise<T>, url = DATABASE_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a database named `name`; answers its URL. */
export async function createDatabase(name: string): Promise<string> {
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  return withDatabase(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((error: unknown) =>
    console.error(`could not drop database ${name}:`, error),
  );
}

/** A free loopback port chosen by the OS, never one of npm start's (3000–3007). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: chosen } = server.address() as { port: number };
        server.close(() => resolve(chosen));
      });
      server.on('error', reject);
    });
    if (port < 3000 || port > 3007) return port;
  }
}

/** Polls a readiness URL until it answers 200. */
export async function waitReady(url: string, timeoutMs = 60_000, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await fetch(url, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.status === 200)
        .catch(() => false)
    )
      return;
    if (!isAlive()) throw new Error(`${url}: the process exited before it was ready`);
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM (the service drains), SIGKILL after `timeoutMs`. */
export function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A memory figure of a process from /proc (VmRSS now, VmHWM its peak), kB; 0 without /proc. */
export function memoryKb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a process so far, ms; NaN without /proc. */
export function cpuTimeMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Queue names on the local broker, from `rabbitmqctl` (empty when it is not available). */
function listQueues(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      'rabbitmqctl',
      ['list_queues', '-q', '--no-table-headers', 'name'],
      { timeout: 20_000, killSignal: 'SIGKILL' },
      (error, stdout) =>
        resolve(
          error
            ? []
            : stdout
                .split('\n')
                .map((line) => line.trim())
                .filter(Boolean),
        ),
    );
  });
}

/**
 * Deletes what the services and the bench declared under `prefix`: the queues named (relative to
 * the prefix), every queue `rabbitmqctl` lists under it, and the prefixed `herald` exchange.
 */
export async function deletePrefixedTopology(prefix: string, known: string[] = []): Promise<void> {
  const listed = (await listQueues()).filter((name) => name.startsWith(`${prefix}.`));
  const connection = await amqp.connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of new Set([...known.map((name) => `${prefix}.${name}`), ...listed]))
      await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteExchange(`${prefix}.herald`).catch(() => undefined);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
