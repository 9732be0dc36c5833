import { Alert, Button, Container, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ConsoleApiError } from '../api/console-api.error';
import { OperatorApiClient } from './operator-api.client';

/** Paste the operator token; it is checked against `/admin/organizations` before the views open. */
export function OperatorSignInView({ onSignedIn }: { onSignedIn(token: string): void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste the operator token first: the value of OPERATOR_TOKEN the gateway was started with.');
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      await new OperatorApiClient(value).organizations();
      onSignedIn(value);
    } catch (reason) {
      setError(
        reason instanceof ConsoleApiError ? reason.message : 'Signing in failed; reload the page and try again.',
      );
      setChecking(false);
    }
  };

  return (
    <Container size="xs" py="xl">
      <form onSubmit={submit} aria-labelledby="operator-sign-in-title">
        <Stack>
          <Title order={1} id="operator-sign-in-title">
            Herald Operator Console
          </Title>
          <Text>
            Sign in with the operator token to see organizations, environments, API keys and dead letters. The token
            stays in this browser tab only and is forgotten when the tab closes.
          </Text>
          <PasswordInput
            label="Operator token"
            name="operatorToken"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.currentTarget.value)}
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
