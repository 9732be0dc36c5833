import { Code, Stack, Text, Title } from '@mantine/core';

/** The empty state: the two calls that make a first notification, for the origin serving the console. */
export function FirstTrigger() {
  const origin = window.location.origin;
  const commands = [
    `curl -s -X POST ${origin}/v2/workflows -H "Authorization: ApiKey $KEY" -H 'Content-Type: application/json' \\`,
    `  -d '{"name":"Welcome","workflowId":"welcome","active":true,"steps":[{"name":"Inbox","type":"in_app","controlValues":{"body":"Hello {{payload.name}}"}}]}'`,
    `curl -s -X POST ${origin}/v1/events/trigger -H "Authorization: ApiKey $KEY" -H 'Content-Type: application/json' \\`,
    `  -d '{"name":"welcome","to":"subscriber-1","payload":{"name":"Ada"}}'`,
  ].join('\n');
  return (
    <Stack gap="xs" data-testid="empty-state">
      <Title order={2} size="h4">
        No notifications yet
      </Title>
      <Text>
        Nothing was triggered in this environment. Set <Code>KEY</Code> to the API key you signed in with (for the dev
        environment: <Code>KEY=$(cat .herald/dev-api-key)</Code>), then create a workflow and trigger it:
      </Text>
      <Code block className="wrapping-code">
        {commands}
      </Code>
      <Text>The notification appears here within a few seconds; this page refreshes by itself.</Text>
    </Stack>
  );
}
