import { Alert, Button, Container, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import type { EnvironmentInfo } from '../api/activity.types';
import { ConsoleApiError } from '../api/console-api.error';
import { HeraldApiClient } from '../api/herald-api.client';

/** Paste an API key; it is checked against `/v1/environments/me` before the console opens. */
export function SignInView({ onSignedIn }: { onSignedIn(apiKey: string, environment: EnvironmentInfo): void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError('Paste an API key first: `npm start` prints the dev key, and `herald key create` makes others.');
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      onSignedIn(key, await new HeraldApiClient(key).environment());
    } catch (reason) {
      setError(
        reason instanceof ConsoleApiError ? reason.message : 'Signing in failed; reload the page and try again.',
      );
      setChecking(false);
    }
  };

  return (
    <Container size="xs" py="xl">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <Stack>
          <Title order={1} id="sign-in-title">
            Herald Console
          </Title>
          <Text>
            Sign in with an API key of the environment you want to see. The key stays in this browser tab only and is
            forgotten when the tab closes.
          </Text>
          <PasswordInput
            label="API key"
            name="apiKey"
            autoComplete="off"
            value={apiKey}
            onChange={(event) => setApiKey(event.currentTarget.value)}
            data-testid="api-key-input"
          />
          {error && (
            <Alert color="red" title="Not signed in" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={checking}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Container>
  );
}
