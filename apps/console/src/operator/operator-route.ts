/** Where the operator console is served: on the operator listener only (`/admin` routes). */
export const OPERATOR_CONSOLE_BASE = '/admin/console';

export type OperatorView = 'organizations' | 'dead-letters';

export const OPERATOR_VIEWS: readonly { view: OperatorView; label: string }[] = [
  { view: 'organizations', label: 'Organizations' },
  { view: 'dead-letters', label: 'Dead letters' },
];

/** True for the pages of the operator console (the bundle serves both consoles). */
export function isOperatorConsole(pathname: string): boolean {
  return pathname === OPERATOR_CONSOLE_BASE || pathname.startsWith(`${OPERATOR_CONSOLE_BASE}/`);
}

/** The view a path names; organizations when it names none. */
export function parseOperatorView(pathname: string): OperatorView {
  const rest = pathname.slice(OPERATOR_CONSOLE_BASE.length).replace(/^\/+|\/+$/g, '');
  return rest === 'dead-letters' ? 'dead-letters' : 'organizations';
}

export function operatorViewUrl(view: OperatorView): string {
  return `${OPERATOR_CONSOLE_BASE}/${view}`;
}
