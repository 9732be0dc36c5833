import { useCallback, useEffect, useRef, useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';

export interface Polled<T> {
  data: T | undefined;
  /** The sentence of the last failure; cleared by the next success. */
  error: string | undefined;
  /** The HTTP status of the last failure (0: no answer). */
  errorStatus: number | undefined;
  loading: boolean;
  refresh(): void;
}

/**
 * Loads `load()` now and again every `intervalMs` while `active` (the page stays current while it
 * is open); a failure keeps the last data and shows its sentence until a later load succeeds.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, active = true): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [errorStatus, setErrorStatus] = useState<number>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);

  const run = useCallback(() => {
    const mine = ++generation.current;
    load().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setErrorStatus(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (mine !== generation.current) return;
        setError(
          reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.',
        );
        setLoading(false);
      },
    );
  }, [load]);

  useEffect(() => {
    setLoading(true);
    setData(undefined);
    run();
  }, [run]);

  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(run, intervalMs);
    return () => window.clearInterval(timer);
  }, [run, intervalMs, active]);

  return { data, error, errorStatus, loading, refresh: run };
}
