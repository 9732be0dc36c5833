import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';

import { type ConsoleRoute, routeUrl } from '../routing/console-route';
import { useNavigate } from './navigation';

/** A link to a console route that moves without reloading the page. */
export function RouteLink({ route, children, testId }: { route: ConsoleRoute; children: ReactNode; testId?: string }) {
  const navigate = useNavigate();
  return (
    <Anchor
      href={routeUrl(route)}
      data-testid={testId}
      className="break-anywhere"
      onClick={(event) => {
        event.preventDefault();
        navigate(route);
      }}
    >
      {children}
    </Anchor>
  );
}
