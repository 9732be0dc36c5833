import { Anchor, AppShell, Button, Group, MantineProvider, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { ActivityView } from './activity/activity.view';
import type { EnvironmentInfo } from './api/activity.types';
import { HeraldApiClient } from './api/herald-api.client';
import { NavigationContext } from './layout/navigation';
import { type ConsoleRoute, parseRoute, routeUrl } from './routing/console-route';
import { apiKeyStore } from './session/api-key.store';
import { SignInView } from './sign-in/sign-in.view';
import { consoleTheme } from './theme';
import { TimelineView } from './timeline/timeline.view';

const currentRoute = () => parseRoute(window.location.pathname, window.location.search);

/** The console: sign-in, then the activity list and each notification's timeline, all of one environment. */
export function ConsoleApp({ styleNonce }: { styleNonce: string }) {
  const [apiKey, setApiKey] = useState(apiKeyStore.read);
  const [environment, setEnvironment] = useState<EnvironmentInfo>();
  const [route, setRoute] = useState<ConsoleRoute>(currentRoute);
  // Only the page as opened (a followed activityFeedLink) jumps from a one-notification list to its timeline.
  const opened = useRef(true);
  const api = useMemo(() => (apiKey ? new HeraldApiClient(apiKey) : undefined), [apiKey]);

  useEffect(() => {
    const onPop = () => {
      opened.current = false;
      setRoute(currentRoute());
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (!api || environment) return;
    api.environment().then(setEnvironment, () => {
      apiKeyStore.clear();
      setApiKey(null);
    });
  }, [api, environment]);

  const navigate = useCallback((next: ConsoleRoute, replace = false) => {
    if (!replace) opened.current = false;
    const url = routeUrl(next);
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);

  const signOut = () => {
    apiKeyStore.clear();
    setApiKey(null);
    setEnvironment(undefined);
  };

  return (
    <MantineProvider theme={consoleTheme} getStyleNonce={() => styleNonce} defaultColorScheme="light">
      <NavigationContext.Provider value={navigate}>
        {!api ? (
          <main>
            <SignInView
              onSignedIn={(key, info) => {
                apiKeyStore.write(key);
                setEnvironment(info);
                setApiKey(key);
              }}
            />
          </main>
        ) : (
          <AppShell header={{ height: 56 }} padding="md">
            <AppShell.Header px="md">
              <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
                <Group gap="xs" wrap="nowrap" miw={0}>
                  <Anchor
                    href={routeUrl({ view: 'activity', filters: {}, page: 0 })}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate({ view: 'activity', filters: {}, page: 0 });
                    }}
                    underline="never"
                  >
                    <Title order={2} size="h4" c="dark">
                      Herald
                    </Title>
                  </Anchor>
                  <Text size="sm" truncate="end" data-testid="environment-name">
                    {environment ? environment.name : ''}
                  </Text>
                </Group>
                <Button variant="default" size="xs" onClick={signOut}>
                  Sign out
                </Button>
              </Group>
            </AppShell.Header>
            <AppShell.Main>
              {route.view === 'notification' ? (
                <TimelineView api={api} notificationId={route.notificationId} />
              ) : (
                <ActivityView api={api} filters={route.filters} page={route.page} followSingle={opened.current} />
              )}
            </AppShell.Main>
          </AppShell>
        )}
      </NavigationContext.Provider>
    </MantineProvider>
  );
}
