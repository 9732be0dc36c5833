import { execFile } from 'node:child_process';

import amqp from 'amqplib';

const LIST_TIMEOUT_MS = 20_000;

function listQueueNames(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'rabbitmqctl',
      ['list_queues', '-q', '--no-table-headers', 'name'],
      { timeout: LIST_TIMEOUT_MS },
      (error, stdout) => {
        if (error) return reject(error);
        resolve(
          stdout
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        );
      },
    );
  });
}

/**
 * Deletes the queues and the exchange the services declared under the suite's broker prefix, so
 * repeated runs do not pile durable quorum queues up on a shared broker. The services declare
 * their own topology, so the names are listed with `rabbitmqctl` (the broker's own CLI); where it
 * is not available (a remote broker), the queues are left and a warning says so.
 */
export async function deletePrefixedTopology(amqpUrl: string, prefix: string, exchange = 'herald'): Promise<void> {
  let names: string[];
  try {
    names = (await listQueueNames()).filter((name) => name.startsWith(`${prefix}.`));
  } catch (error) {
    process.stderr.write(
      `e2e: queues under prefix ${prefix} left on the broker (rabbitmqctl list_queues failed: ${error instanceof Error ? error.message : String(error)})\n`,
    );
    return;
  }
  try {
    const connection = await amqp.connect(amqpUrl, { timeout: 5_000 });
    try {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      for (const name of names) await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteExchange(`${prefix}.${exchange}`).catch(() => undefined);
    } finally {
      await connection.close().catch(() => undefined);
    }
  } catch (error) {
    process.stderr.write(
      `e2e: queues under prefix ${prefix} left on the broker (${error instanceof Error ? error.message : String(error)})\n`,
    );
  }
}
