import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';
import type { HeraldApiClient } from '../api/herald-api.client';
import type { Integration, IntegrationTestAnswer } from '../api/resources.types';
import { testAnswerSentence } from './integration-order';

/** What "send to" is for each channel; chat may leave it empty (the integration's own webhook). */
const RECIPIENT: Record<string, { label: string; placeholder: string; optional?: boolean }> = {
  email: { label: 'Email address', placeholder: 'you@example.com' },
  sms: { label: 'Phone number', placeholder: '+15555550100' },
  push: { label: 'Device token', placeholder: 'the token of a test device' },
  chat: { label: 'Webhook URL (optional)', placeholder: 'https://hooks.example.com/…', optional: true },
};

/**
 * "Send test": one message through this integration, sent by its channel's runner with the stored
 * credentials, and the provider's answer (accepted with its message id, or its refusal).
 */
export function IntegrationTestPanel({ api, integration }: { api: HeraldApiClient; integration: Integration }) {
  const recipient = RECIPIENT[integration.channel];
  const [to, setTo] = useState('');
  const [state, setState] = useState<{ loading: boolean; answer?: IntegrationTestAnswer; error?: string }>({
    loading: false,
  });
  if (!recipient) return null;

  const send = async () => {
    const target = to.trim();
    if (!target && !recipient.optional)
      return setState({ loading: false, error: `Type the ${recipient.label.toLowerCase()} to send the test to.` });
    setState({ loading: true });
    try {
      setState({ loading: false, answer: await api.testIntegration(integration._id, target || undefined) });
    } catch (reason) {
      setState({
        loading: false,
        error:
          reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.',
      });
    }
  };

  return (
    <Stack gap={4} mt={4} data-testid="integration-test">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          size="xs"
          label={`${recipient.label} for a test of ${integration.name}`}
          placeholder={recipient.placeholder}
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          className="grow-input"
        />
        <Button size="xs" variant="default" onClick={() => void send()} loading={state.loading}>
          Send test
        </Button>
      </Group>
      {state.error && (
        <Alert color="red" title="The test was not sent" role="alert" data-testid="integration-test-error">
          <Text size="sm" className="break-anywhere">
            {state.error}
          </Text>
        </Alert>
      )}
      {state.answer && (
        <Text
          size="sm"
          role="status"
          className="break-anywhere"
          data-testid="integration-test-answer"
          data-ok={String(state.answer.ok)}
        >
          {testAnswerSentence(state.answer)}
        </Text>
      )}
    </Stack>
  );
}
