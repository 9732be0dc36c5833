import { useEffect, useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';

/** Loads once per `load` (a memoised call); the failure's sentence when it fails. */
export function useLoaded<T>(load: () => Promise<T>) {
  const [state, setState] = useState<{ data?: T; error?: string; status?: number; loading: boolean }>({
    loading: true,
  });
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      (data) => current && setState({ data, loading: false }),
      (reason: unknown) =>
        current &&
        setState({
          loading: false,
          status: reason instanceof ConsoleApiError ? reason.status : undefined,
          error:
            reason instanceof ConsoleApiError
              ? reason.message
              : 'Something went wrong in the console; reload the page.',
        }),
    );
    return () => {
      current = false;
    };
  }, [load]);
  return state;
}
