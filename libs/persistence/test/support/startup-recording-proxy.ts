import net from 'node:net';

/** A TCP proxy in front of Postgres that records the database every connection asks for. */
export interface StartupRecordingProxy {
  /** `url` with the proxy's host and port. */
  via(url: string): string;
  /** The `database` of each connection's startup message, in order. */
  readonly databases: string[];
  close(): Promise<void>;
}

/** The `database` parameter of a v3 startup message (length, protocol 3.0, then `key\0value\0` pairs). */
function startupDatabase(message: Buffer): string | undefined {
  if (message.length < 8 || message.readInt32BE(4) !== 196_608) return undefined;
  const fields = message.subarray(8, message.readInt32BE(0)).toString('utf8').split('\0');
  const params = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) params.set(fields[index], fields[index + 1]);
  return params.get('database') ?? params.get('user');
}

/** Starts the proxy on a free local port, forwarding to `upstreamUrl`'s host and port. */
export async function startStartupRecordingProxy(upstreamUrl: string): Promise<StartupRecordingProxy> {
  const upstream = new URL(upstreamUrl);
  const databases: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const target = net.connect({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    sockets.add(target);
    client.once('data', (first) => {
      const database = startupDatabase(first);
      if (database !== undefined) databases.push(database);
      target.write(first);
      client.pipe(target);
      target.pipe(client);
    });
    const end = () => {
      client.destroy();
      target.destroy();
    };
    client.on('error', end).on('close', end);
    target.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    databases,
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
