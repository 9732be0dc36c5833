import { useCallback, useEffect, useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';

/** The sentence of any failure (a ConsoleApiError already carries one). */
export function failureSentence(reason: unknown): string {
  return reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.';
}

/** Loads `load()` whenever it changes, and again on `reload()`; keeps the last answer while reloading. */
export function useOperatorCall<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (!current) return;
        setError(failureSentence(reason));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [load, round]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, error, loading, reload };
}
