import net from 'node:net';

/** Ports `npm start` and CI's smoke test use; the suite must never collide with them. */
const RESERVED = new Set([3000, 3001, 3002, 3003, 3004, 3005, 3006, 3007, 3100]);

function oneFreePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free loopback ports chosen by the OS, none of them `npm start`'s (3000–3007, 3100). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = await oneFreePort();
    if (!RESERVED.has(port)) ports.add(port);
  }
  return [...ports];
}
