import { Anchor, AppShell, Button, Group, MantineProvider, NavLink, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { ActivityView } from './activity/activity.view';
import type { EnvironmentInfo } from './api/activity.types';
import { HeraldApiClient } from './api/herald-api.client';
import { IntegrationsView } from './integrations/integrations.view';
import { NavigationContext } from './layout/navigation';
import { type ConsoleRoute, parseRoute, routeUrl, sectionOf, SECTIONS } from './routing/console-route';
import { apiKeyStore } from './session/api-key.store';
import { SignInView } from './sign-in/sign-in.view';
import { SubscriberView } from './subscribers/subscriber.view';
import { SubscribersView } from './subscribers/subscribers.view';
import { consoleTheme } from './theme';
import { TimelineView } from './timeline/timeline.view';
import { WorkflowView } from './workflows/workflow.view';
import { WorkflowsView } from './workflows/workflows.view';

const currentRoute = () => parseRoute(window.location.pathname, window.location.search);

/**
 * The console: sign-in, then the activity list and each notification's timeline, workflows,
 * subscribers and integrations, all of one environment.
 */
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
          <AppShell header={{ height: 96 }} padding="md">
            <AppShell.Header px="md">
              <Group h={48} justify="space-between" wrap="nowrap" gap="xs">
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
              <Group component="nav" aria-label="Console sections" gap={0} wrap="nowrap" h={48}>
                {SECTIONS.map((section) => (
                  <NavLink
                    key={section.label}
                    href={routeUrl(section.route)}
                    label={section.label}
                    active={sectionOf(route) === section.label}
                    aria-current={sectionOf(route) === section.label ? 'page' : undefined}
                    variant="filled"
                    w="auto"
                    px={8}
                    onClick={(event) => {
                      event.preventDefault();
                      navigate(section.route);
                    }}
                  />
                ))}
              </Group>
            </AppShell.Header>
            <AppShell.Main>
              <RouteView api={api} route={route} followSingle={opened.current} />
            </AppShell.Main>
          </AppShell>
        )}
      </NavigationContext.Provider>
    </MantineProvider>
  );
}

function RouteView({ api, route, followSingle }: { api: HeraldApiClient; route: ConsoleRoute; followSingle: boolean }) {
  switch (route.view) {
    case 'notification':
      return <TimelineView api={api} notificationId={route.notificationId} />;
    case 'subscribers':
      return <SubscribersView api={api} search={route.search} />;
    case 'subscriber':
      return <SubscriberView api={api} subscriberId={route.subscriberId} />;
    case 'integrations':
      return <IntegrationsView api={api} />;
    case 'workflows':
      return <WorkflowsView api={api} />;
    case 'workflow':
      return <WorkflowView api={api} workflowId={route.workflowId} />;
    default:
      return <ActivityView api={api} filters={route.filters} page={route.page} followSingle={followSingle} />;
  }
}
