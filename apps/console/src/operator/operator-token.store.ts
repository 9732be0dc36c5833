/**
 * The operator token lives in this tab's session storage only, under its own name (a tab signed
 * in to the operator console holds no API key and the other way round); never in a URL or a log.
 */
const KEY = 'herald.console.operatorToken';

export const operatorTokenStore = {
  read(): string | null {
    try {
      return window.sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  write(token: string): void {
    window.sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    window.sessionStorage.removeItem(KEY);
  },
};
