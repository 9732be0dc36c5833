import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';
import type { HeraldApiClient } from '../api/herald-api.client';
import type { SentContent } from '../api/resources.types';
import { EmailFrame } from '../workflows/email-frame';
import { isHtmlField, previewFields, previewText } from '../workflows/sample';

/**
 * "Show sent content": the step's content re-rendered by Herald on demand from the stored trigger
 * (payload, workflow version) — Herald keeps no copy of what was sent. An email's HTML goes into
 * the sandboxed frame the step preview uses; every other field is shown as text.
 */
export function SentContentPanel({
  api,
  notificationId,
  jobId,
  stepName,
}: {
  api: HeraldApiClient;
  notificationId: string;
  jobId: string;
  stepName: string;
}) {
  const [state, setState] = useState<{ loading: boolean; sent?: SentContent; error?: string }>({ loading: false });

  const show = async () => {
    setState({ loading: true });
    try {
      setState({ loading: false, sent: await api.sentContent(notificationId, jobId) });
    } catch (reason) {
      setState({
        loading: false,
        error:
          reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.',
      });
    }
  };

  const sent = state.sent;
  const fields = sent?.content ? previewFields(sent.content) : [];
  return (
    <Stack gap="xs" mt="xs">
      {!sent && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => void show()} loading={state.loading}>
          Show sent content
        </Button>
      )}
      {state.error && (
        <Alert color="red" title={`The content of ${stepName} could not be shown`} role="alert">
          <Text size="sm" className="break-anywhere">
            {state.error}
          </Text>
        </Alert>
      )}
      {sent && (
        <Stack gap="xs" component="section" aria-label={`Sent content of ${stepName}`} data-testid="sent-content">
          <Text size="xs">
            Re-rendered now from the stored payload and version {sent.workflow.version} of {sent.workflow.identifier}
            {sent.subscriberFound
              ? ", with the subscriber's current profile."
              : '; the subscriber was deleted since, so their fields are empty.'}
          </Text>
          {sent.error && (
            <Alert color="red" title="The template does not render" role="alert">
              <Text size="sm" className="break-anywhere">
                {sent.error.control}: {sent.error.message}
              </Text>
            </Alert>
          )}
          {fields.map(([field, value]) =>
            isHtmlField(sent.channel, field) && typeof value === 'string' ? (
              <Stack gap={4} key={field}>
                <Text size="sm" fw={600}>
                  {field} (HTML, as the email was sent)
                </Text>
                <EmailFrame html={value} title={`Sent email body of ${stepName}`} testId="sent-email" />
              </Stack>
            ) : (
              <Stack gap={4} key={field}>
                <Text size="sm" fw={600}>
                  {field}
                </Text>
                <Code block className="wrapping-code" data-testid={`sent-${field}`}>
                  {previewText(value)}
                </Code>
              </Stack>
            ),
          )}
        </Stack>
      )}
    </Stack>
  );
}
