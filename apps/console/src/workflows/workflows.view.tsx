import { Alert, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import { RouteLink } from '../layout/route-link';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';

/** The environment's workflows with their steps at a glance. */
export function WorkflowsView({ api }: { api: HeraldApiClient }) {
  const list = useLoaded(useCallback(() => api.workflows(), [api]));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Workflows
      </Title>
      {list.error && (
        <Alert color="red" title="The workflows could not be loaded" role="alert">
          {list.error}
        </Alert>
      )}
      {list.loading && <Loader aria-label="Loading workflows" />}
      {list.data && list.data.workflows.length === 0 && (
        <Text>No workflow yet: create one with POST /v2/workflows (the README shows one).</Text>
      )}
      {list.data && list.data.totalCount > list.data.workflows.length && (
        <Text size="sm">
          Showing {list.data.workflows.length} of {list.data.totalCount}.
        </Text>
      )}
      {list.data && list.data.workflows.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} className="plain-list" aria-label="Workflows">
          {list.data.workflows.map((workflow) => (
            <Paper component="li" withBorder p="xs" key={workflow._id} data-testid="workflow-row">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <RouteLink route={{ view: 'workflow', workflowId: workflow.workflowId }}>{workflow.name}</RouteLink>
                <Group gap={4} wrap="wrap">
                  {workflow.steps.map((step, index) => (
                    <Badge key={`${step.slug}-${index}`} variant="light" color="gray">
                      {index + 1}. {step.type}
                    </Badge>
                  ))}
                </Group>
              </Group>
              <Text size="xs" className="break-anywhere">
                {workflow.workflowId} · version {workflow.version} · {workflow.active ? 'active' : 'inactive'} · updated{' '}
                {formatTime(workflow.updatedAt)}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
