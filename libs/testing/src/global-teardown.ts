import type { StartedTestContainer } from 'testcontainers';

/** Stops the containers the global setup started, if any. */
export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as { __heraldContainers?: StartedTestContainer[] }).__heraldContainers ?? [];
  await Promise.all(containers.map((container) => container.stop()));
}
