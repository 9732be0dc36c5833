import { Alert, Badge, Code, Group, Loader, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useState } from 'react';

import type { HeraldApiClient } from '../api/herald-api.client';
import { RouteLink } from '../layout/route-link';
import { formatTime } from '../layout/times';
import { useLoaded } from '../layout/use-loaded';
import { SendTest } from './send-test';
import { type SampleInput, StepPreviewPanel } from './step-preview';

/**
 * One workflow: its trigger identifier, settings, each step with its controls and a preview of
 * what it would send for a sample payload and subscriber, and "send test" with that sample.
 */
export function WorkflowView({ api, workflowId }: { api: HeraldApiClient; workflowId: string }) {
  const workflow = useLoaded(useCallback(() => api.workflow(workflowId), [api, workflowId]));
  const data = workflow.data;
  const [sample, setSample] = useState<SampleInput>({ payloadText: '{\n  \n}', subscriberId: '' });
  return (
    <Stack gap="md">
      <RouteLink route={{ view: 'workflows' }}>← All workflows</RouteLink>
      {workflow.error && (
        <Alert color="red" title="This workflow could not be loaded" role="alert">
          {workflow.error}
        </Alert>
      )}
      {workflow.loading && <Loader aria-label="Loading the workflow" />}
      {data && (
        <>
          <Title order={1} size="h2" className="break-anywhere">
            {data.name}
          </Title>
          <Text size="sm" className="break-anywhere">
            Trigger with <Code>{`"name": "${data.workflowId}"`}</Code> · version {data.version} ·{' '}
            {data.active ? 'active' : 'inactive'}
            {data.critical ? ' · critical (preferences cannot turn it off)' : ''} · updated {formatTime(data.updatedAt)}
          </Text>
          {data.description && <Text>{data.description}</Text>}
          <RouteLink route={{ view: 'activity', filters: { workflow: data.workflowId }, page: 0 }}>
            Its notifications
          </RouteLink>
          <Paper withBorder p="sm" component="section" aria-labelledby="sample-heading">
            <Title order={2} size="h4" id="sample-heading" mb="xs">
              Sample
            </Title>
            <Stack gap="xs">
              <Textarea
                label="Sample payload (JSON)"
                description="The trigger's payload: {{payload.…}} in the steps' controls reads it."
                autosize
                minRows={3}
                maxRows={12}
                spellCheck={false}
                value={sample.payloadText}
                onChange={(event) => setSample({ ...sample, payloadText: event.currentTarget.value })}
                classNames={{ input: 'monospace-input' }}
              />
              <TextInput
                label="Subscriber ID"
                description="A preview renders for their profile; “send test” delivers to them for real."
                value={sample.subscriberId}
                onChange={(event) => setSample({ ...sample, subscriberId: event.currentTarget.value })}
              />
              <SendTest api={api} workflowId={data.workflowId} sample={sample} />
            </Stack>
          </Paper>
          <Stack component="ol" gap="sm" p={0} m={0} className="plain-list" aria-label="Steps, in order">
            {data.steps.map((step, index) => (
              <Paper
                component="li"
                withBorder
                p="sm"
                key={step._id}
                data-testid="workflow-step"
                data-step-type={step.type}
              >
                <Group gap="xs" wrap="wrap" mb="xs">
                  <Title order={2} size="h4" className="break-anywhere">
                    {index + 1}. {step.name}
                  </Title>
                  <Badge variant="light">{step.type}</Badge>
                  {!step.active && (
                    <Badge variant="light" color="gray">
                      inactive
                    </Badge>
                  )}
                </Group>
                <Text size="xs" className="break-anywhere">
                  stepId <Code>{step.stepId}</Code>
                </Text>
                {Object.keys(step.controlValues).length === 0 ? (
                  <Text size="sm">No controls.</Text>
                ) : (
                  <Code block className="wrapping-code" aria-label={`Controls of ${step.name}`} mt="xs">
                    {JSON.stringify(step.controlValues, null, 2)}
                  </Code>
                )}
                <StepPreviewPanel api={api} workflowId={data.workflowId} step={step} sample={sample} />
              </Paper>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
