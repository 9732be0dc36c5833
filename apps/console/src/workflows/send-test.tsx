import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';
import type { HeraldApiClient } from '../api/herald-api.client';
import type { TriggerResult } from '../api/resources.types';
import { parseSamplePayload } from './sample';
import type { SampleInput } from './step-preview';

/**
 * "Send test": triggers the workflow for the chosen subscriber with the sample payload — a real
 * trigger, delivered by the real integrations — and links to its timeline (the answer's activityFeedLink).
 */
export function SendTest({
  api,
  workflowId,
  sample,
}: {
  api: HeraldApiClient;
  workflowId: string;
  sample: SampleInput;
}) {
  const [state, setState] = useState<{ loading: boolean; result?: TriggerResult; error?: string }>({ loading: false });

  const send = async () => {
    const subscriberId = sample.subscriberId.trim();
    if (!subscriberId)
      return setState({ loading: false, error: 'Name the subscriber to send the test to, then send it again.' });
    const parsed = parseSamplePayload(sample.payloadText);
    if (!parsed.ok) return setState({ loading: false, error: parsed.error });
    setState({ loading: true });
    try {
      const result = await api.trigger(workflowId, subscriberId, parsed.payload);
      if (result.status === 'error')
        setState({
          loading: false,
          error: `Herald did not send it: ${(result.error ?? []).join('; ') || 'the trigger failed'}.`,
        });
      else setState({ loading: false, result });
    } catch (reason) {
      setState({
        loading: false,
        error:
          reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.',
      });
    }
  };

  return (
    <Stack gap="xs">
      <Button size="sm" w="fit-content" onClick={() => void send()} loading={state.loading}>
        Send test
      </Button>
      {state.error && (
        <Alert color="red" title="The test was not sent" role="alert" data-testid="send-test-error">
          <Text size="sm" className="break-anywhere">
            {state.error}
          </Text>
        </Alert>
      )}
      {state.result && (
        <Text size="sm" className="break-anywhere" data-testid="send-test-result" role="status">
          Sent to {sample.subscriberId.trim()} as transaction {state.result.transactionId} ({state.result.status}).{' '}
          {state.result.activityFeedLink && (
            <Anchor href={state.result.activityFeedLink} className="break-anywhere">
              Follow it in its timeline
            </Anchor>
          )}
        </Text>
      )}
    </Stack>
  );
}
