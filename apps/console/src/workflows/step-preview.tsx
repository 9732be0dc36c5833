import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';
import type { HeraldApiClient } from '../api/herald-api.client';
import type { StepPreview, WorkflowStep } from '../api/resources.types';
import { EmailFrame } from './email-frame';
import { isHtmlField, parseSamplePayload, previewFields, previewText } from './sample';

/** The sample typed into the workflow's form: a payload (JSON text) and an optional subscriber. */
export interface SampleInput {
  payloadText: string;
  subscriberId: string;
}

const failure = (reason: unknown) =>
  reason instanceof ConsoleApiError ? reason.message : 'Something went wrong in the console; reload the page.';

/** The subscriber a preview renders for: the environment's profile of that id, else sample fields with the id. */
async function sampleSubscriber(
  api: HeraldApiClient,
  subscriberId: string,
): Promise<{ subscriber?: Record<string, unknown>; note?: string }> {
  const id = subscriberId.trim();
  if (!id) return {};
  try {
    const found = await api.subscriber(id);
    const { subscriberId, email, phone, firstName, lastName, avatar, locale, timezone, data } = found;
    return { subscriber: { subscriberId, email, phone, firstName, lastName, avatar, locale, timezone, data } };
  } catch (reason) {
    if (reason instanceof ConsoleApiError && reason.status === 404)
      return {
        subscriber: { subscriberId: id },
        note: `No subscriber ${id} in this environment: the preview uses sample fields with that id.`,
      };
    throw reason;
  }
}

/** One step's preview: what it would send for the sample, rendered by Herald with the runners' Liquid. */
export function StepPreviewPanel({
  api,
  workflowId,
  step,
  sample,
}: {
  api: HeraldApiClient;
  workflowId: string;
  step: WorkflowStep;
  sample: SampleInput;
}) {
  const [state, setState] = useState<{ loading: boolean; preview?: StepPreview; error?: string; note?: string }>({
    loading: false,
  });

  const run = async () => {
    const parsed = parseSamplePayload(sample.payloadText);
    if (!parsed.ok) return setState({ loading: false, error: parsed.error });
    setState({ loading: true });
    try {
      const { subscriber, note } = await sampleSubscriber(api, sample.subscriberId);
      const preview = await api.previewStep(workflowId, step.stepId, {
        previewPayload: { payload: parsed.payload, ...(subscriber ? { subscriber } : {}) },
      });
      setState({ loading: false, preview, note });
    } catch (reason) {
      setState({ loading: false, error: failure(reason) });
    }
  };

  const fields = state.preview ? previewFields(state.preview.result.preview) : [];
  return (
    <Stack gap="xs" mt="xs">
      <Button variant="default" size="xs" w="fit-content" onClick={() => void run()} loading={state.loading}>
        Preview {step.name}
      </Button>
      {state.error && (
        <Alert color="red" title={`${step.name} could not be previewed`} role="alert" data-testid="preview-error">
          <Text size="sm" className="break-anywhere">
            {state.error}
          </Text>
        </Alert>
      )}
      {state.note && <Text size="sm">{state.note}</Text>}
      {state.preview && (
        <Stack gap="xs" data-testid="step-preview" aria-label={`Preview of ${step.name}`} component="section">
          {fields.length === 0 && <Text size="sm">This step sends nothing of its own to preview.</Text>}
          {fields.map(([field, value]) =>
            isHtmlField(step.type, field) && typeof value === 'string' ? (
              <Stack gap={4} key={field}>
                <Text size="sm" fw={600}>
                  {field} (HTML, as the email is sent)
                </Text>
                <EmailFrame html={value} title={`Email body of ${step.name}`} testId="email-preview" />
              </Stack>
            ) : (
              <Stack gap={4} key={field}>
                <Text size="sm" fw={600}>
                  {field}
                </Text>
                <Code block className="wrapping-code" data-testid={`preview-${field}`}>
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
