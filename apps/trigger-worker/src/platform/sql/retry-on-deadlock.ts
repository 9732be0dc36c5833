const DEADLOCK_DETECTED = '40P01';
const SERIALIZATION_FAILURE = '40001';

/**
 * Re-runs a whole transaction that Postgres aborted to break a deadlock (rare: a cancel racing
 * a digest takeover on the same rows). Anything else is rethrown at once.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
        (error as { code?: unknown }).code;
      if (attempt >= attempts || (code !== DEADLOCK_DETECTED && code !== SERIALIZATION_FAILURE)) throw error;
    }
  }
}
