// What the benches' bare ingress servers share: each runs as its own child process (as the gateway
// does) started by `startIngressProcess`, and serves through `serveIngress` — node:http with keep-alive,
// GET for readiness, the whole body read before the handler runs, SIGTERM to close.
import { spawn } from 'node:child_process';
import http from 'node:http';

import { AMQP_URL, REDIS_URL } from './bench-config';
import { freePort, stopChild, waitReady } from './infra';

/** A running ingress process. */
export interface IngressProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGTERM (it closes its connections), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/** Runs `node <script> --serve` with `env` (plus INGRESS_PORT and the service URLs); resolves once it answers. */
export async function startIngressProcess(script: string, env: Record<string, string>): Promise<IngressProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [script, '--serve'], {
    env: { ...process.env, ...env, INGRESS_PORT: String(port), AMQP_URL, REDIS_URL },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    await stopChild(child);
    process.off('exit', killOnExit);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/health`, 30_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid ?? 0, stop };
}

/**
 * Inside the child: serves POSTs with `answer` (a throw is a 500) on INGRESS_PORT until SIGTERM, then
 * closes the server and `closers` (client connections) and exits.
 */
export function serveIngress(
  answer: (request: http.IncomingMessage, response: http.ServerResponse, body: string) => Promise<void>,
  closers: (() => Promise<unknown>)[],
): void {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET') return void response.end('ok');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      answer(request, response, Buffer.concat(chunks).toString('utf8')).catch(() => response.writeHead(500).end());
    });
  });
  // Fastify's default, which the gateway runs with: an idle keep-alive socket between rounds stays open.
  server.keepAliveTimeout = 72_000;
  server.listen(Number(process.env.INGRESS_PORT), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
  });
}

/** The `--serve` entry of an ingress module. */
export function runIngressWhenServing(module: NodeJS.Module, name: string, serve: () => Promise<void>): void {
  if (require.main !== module || process.argv[2] !== '--serve') return;
  serve().catch((error: unknown) => {
    console.error(`${name}:`, error);
    process.exit(1);
  });
}
