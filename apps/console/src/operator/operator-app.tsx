import { AppShell, Button, Group, MantineProvider, NavLink, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';

import { consoleTheme } from '../theme';
import { DeadLettersView } from './dead-letters.view';
import { OperatorApiClient } from './operator-api.client';
import { OPERATOR_VIEWS, type OperatorView, operatorViewUrl, parseOperatorView } from './operator-route';
import { OperatorSignInView } from './operator-sign-in.view';
import { operatorTokenStore } from './operator-token.store';
import { OrganizationsView } from './organizations.view';

/**
 * The operator console, served at `/admin/console` by the operator listener only: sign-in with the
 * operator token, then organizations (environments, API keys) and dead letters.
 */
export function OperatorApp({ styleNonce }: { styleNonce: string }) {
  const [token, setToken] = useState(operatorTokenStore.read);
  const [view, setView] = useState<OperatorView>(() => parseOperatorView(window.location.pathname));
  const api = useMemo(() => (token ? new OperatorApiClient(token) : undefined), [token]);

  useEffect(() => {
    const onPop = () => setView(parseOperatorView(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = (next: OperatorView) => {
    window.history.pushState(null, '', operatorViewUrl(next));
    setView(next);
    window.scrollTo(0, 0);
  };

  const signOut = () => {
    operatorTokenStore.clear();
    setToken(null);
  };

  return (
    <MantineProvider theme={consoleTheme} getStyleNonce={() => styleNonce} defaultColorScheme="light">
      {!api ? (
        <main>
          <OperatorSignInView
            onSignedIn={(value) => {
              operatorTokenStore.write(value);
              setToken(value);
            }}
          />
        </main>
      ) : (
        <AppShell header={{ height: 96 }} padding="md">
          <AppShell.Header px="md">
            <Group h={48} justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" miw={0}>
                <Title order={2} size="h4">
                  Herald
                </Title>
                <Text size="sm" truncate="end">
                  Operator
                </Text>
              </Group>
              <Button variant="default" size="xs" onClick={signOut}>
                Sign out
              </Button>
            </Group>
            <Group component="nav" aria-label="Operator views" gap={4} wrap="nowrap" h={48}>
              {OPERATOR_VIEWS.map((entry) => (
                <NavLink
                  key={entry.view}
                  href={operatorViewUrl(entry.view)}
                  label={entry.label}
                  active={view === entry.view}
                  variant="filled"
                  aria-current={view === entry.view ? 'page' : undefined}
                  w="auto"
                  onClick={(event) => {
                    event.preventDefault();
                    go(entry.view);
                  }}
                />
              ))}
            </Group>
          </AppShell.Header>
          <AppShell.Main>
            {view === 'dead-letters' ? <DeadLettersView api={api} /> : <OrganizationsView api={api} />}
          </AppShell.Main>
        </AppShell>
      )}
    </MantineProvider>
  );
}
