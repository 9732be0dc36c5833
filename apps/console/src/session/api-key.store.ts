/**
 * The API key lives in this tab's session storage only: it is gone when the tab closes, other
 * tabs do not see it, and it never goes into a URL, a log or local storage.
 */
const KEY = 'herald.console.apiKey';

export const apiKeyStore = {
  read(): string | null {
    try {
      return window.sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  write(apiKey: string): void {
    window.sessionStorage.setItem(KEY, apiKey);
  },
  clear(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
