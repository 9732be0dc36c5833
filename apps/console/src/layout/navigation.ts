import { createContext, useContext } from 'react';

import type { ConsoleRoute } from '../routing/console-route';

/** Moves to another view of the console without reloading (history.pushState). */
export const NavigationContext = createContext<(route: ConsoleRoute, replace?: boolean) => void>(() => undefined);

export const useNavigate = () => useContext(NavigationContext);
