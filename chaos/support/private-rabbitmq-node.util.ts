import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePorts } from '../../e2e/support/free-port';
import { pause, runCommand } from './run-command.util';

const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const START_TIMEOUT_MS = 120_000;

/** A RabbitMQ node of its own, which the chaos suite may stop and start without disturbing anyone. */
export interface PrivateRabbitNode {
  /** `amqp://guest:guest@127.0.0.1:<port>` */
  readonly url: string;
  /** The Erlang node name (`herald-chaos-<pid>@localhost`). */
  readonly nodeName: string;
  /** `rabbitmqctl stop_app`: every connection drops, the node keeps its data. */
  stopApp(): Promise<void>;
  /** `rabbitmqctl start_app`; resolves once the broker accepts work again. */
  startApp(): Promise<void>;
  /** `name messages` of every queue (the broker's own view, for quiescence and dead letters). */
  queueDepths(): Promise<Map<string, number>>;
  /** Stops the node and removes its data directory. */
  stop(): Promise<void>;
}

/** `rabbitmqctl` against one node, always with a hard timeout (it can hang on a node in trouble). */
function rabbitmqctl(nodeName: string, args: readonly string[], timeoutMs = 30_000) {
  return runCommand(
    'timeout',
    ['-s', 'KILL', String(Math.ceil(timeoutMs / 1000)), 'rabbitmqctl', '-n', nodeName, ...args],
    timeoutMs + 5_000,
  );
}

/**
 * Starts a second RabbitMQ node on this machine, as user `rabbitmq`, on free ports and with its
 * own config, data, log and pid files under a temporary directory: no plugins (so no management
 * listener clashing with the shared node's :15672), AMQP on loopback only. The shared node on
 * :5672 is never touched. Needs root (to switch to `rabbitmq`) and the Debian `rabbitmq-server`
 * package; the Erlang cookie is the `rabbitmq` user's, so `rabbitmqctl -n <node>` reaches it.
 */
export async function startPrivateRabbitNode(label: string): Promise<PrivateRabbitNode> {
  const [amqpPort, distPort] = await freePorts(2);
  const nodeName = `herald-${label}-${process.pid}@localhost`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-${label}-rabbit-`));
  fs.writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    `listeners.tcp.local = 127.0.0.1:${amqpPort}\nlog.console = false\nlog.file.level = warning\n`,
  );
  // An empty env file, so the shared node's /etc/rabbitmq/rabbitmq-env.conf (NODENAME) is not read.
  fs.writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  fs.writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  await runCommand('chown', ['-R', 'rabbitmq:rabbitmq', dir]);
  const env = {
    HOME: '/var/lib/rabbitmq',
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbitmq.pid'),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  const log = fs.openSync(path.join(dir, 'server.out'), 'a');
  const server: ChildProcess = spawn(
    'runuser',
    ['-u', 'rabbitmq', '--', 'env', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), RABBITMQ_SERVER],
    {
      cwd: dir,
      stdio: ['ignore', log, log],
    },
  );
  let exited = false;
  server.on('exit', () => (exited = true));

  const awaitStartup = async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited)
        throw new Error(
          `private RabbitMQ node ${nodeName} exited:\n${fs.readFileSync(path.join(dir, 'server.out'), 'utf8').slice(-3000)}`,
        );
      try {
        await rabbitmqctl(nodeName, ['await_startup', '--timeout', '20'], 25_000);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await pause(1_000);
      }
    }
  };
  const node: PrivateRabbitNode = {
    url: `amqp://guest:guest@127.0.0.1:${amqpPort}`,
    nodeName,
    stopApp: async () => void (await rabbitmqctl(nodeName, ['stop_app'], 60_000)),
    async startApp() {
      await rabbitmqctl(nodeName, ['start_app'], 90_000);
      await awaitStartup();
    },
    async queueDepths() {
      const { stdout } = await rabbitmqctl(nodeName, ['list_queues', '-q', '--no-table-headers', 'name', 'messages']);
      const depths = new Map<string, number>();
      for (const line of stdout.split('\n')) {
        const [name, messages] = line.trim().split(/\s+/);
        if (name && messages !== undefined) depths.set(name, Number(messages));
      }
      return depths;
    },
    async stop() {
      if (!exited) {
        await rabbitmqctl(nodeName, ['stop'], 60_000).catch(() => undefined);
        const deadline = Date.now() + 30_000;
        while (!exited && Date.now() < deadline) await pause(200);
        if (!exited) {
          // Only this node's own Erlang VM, by the pid it wrote.
          const pid = Number(fs.readFileSync(path.join(dir, 'rabbitmq.pid'), 'utf8').trim());
          if (pid > 0) process.kill(pid, 'SIGKILL');
        }
      }
      fs.closeSync(log);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await awaitStartup();
  } catch (error) {
    await node.stop().catch(() => undefined);
    throw error;
  }
  return node;
}
