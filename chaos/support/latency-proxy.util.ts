import net from 'node:net';

/** A TCP proxy in front of a receiver. */
export interface LatencyProxy {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Forwards TCP connections to `target`, holding every chunk of the receiver's replies back for
 * `delayMs` (in order). A local receiver answers in microseconds; a real provider takes a moment,
 * and that moment is when a crash (of the sender, or of the database it records in) can strike
 * between "the provider accepted it" and "Herald recorded it".
 */
export async function startLatencyProxy(
  target: { host: string; port: number },
  delayMs: number,
): Promise<LatencyProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let replies = Promise.resolve();
    const destroy = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      replies = replies.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!client.destroyed) client.write(chunk);
              resolve();
            }, delayMs),
          ),
      );
    });
    upstream.on('end', () => void replies.then(() => client.end()));
    upstream.on('close', () => void replies.then(destroy));
    client.on('close', destroy);
    client.on('error', destroy);
    upstream.on('error', destroy);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    host: '127.0.0.1',
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
