import { Alert, Badge, Button, Code, Group, Loader, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';

import { formatTime } from '../layout/times';
import type { ApiKeyInfo, EnvironmentSummary, IssuedApiKey } from './operator.types';
import type { OperatorApiClient } from './operator-api.client';
import { failureSentence, useOperatorCall } from './use-operator-call';

/** Organizations, their environments and each environment's API keys (masked; create and revoke). */
export function OrganizationsView({ api }: { api: OperatorApiClient }) {
  const organizations = useOperatorCall(useCallback(() => api.organizations(), [api]));
  const [selected, setSelected] = useState<string>();
  const organizationId = selected ?? organizations.data?.[0]?._id;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Organizations
      </Title>
      {organizations.error && (
        <Alert color="red" title="The organizations could not be loaded" role="alert">
          {organizations.error}
        </Alert>
      )}
      {organizations.loading && !organizations.data && <Loader aria-label="Loading organizations" />}
      {organizations.data && organizations.data.length === 0 && (
        <Text>
          No organization yet. Create one with <Code>herald org create &lt;name&gt;</Code> or{' '}
          <Code>POST /admin/organizations</Code>.
        </Text>
      )}
      {organizations.data && organizations.data.length > 0 && (
        <NativeSelect
          label="Organization"
          value={organizationId}
          onChange={(event) => setSelected(event.currentTarget.value)}
          data={organizations.data.map((organization) => ({
            value: organization._id,
            label: `${organization.name} (created ${formatTime(organization.createdAt)})`,
          }))}
        />
      )}
      {organizationId && <EnvironmentsList api={api} organizationId={organizationId} />}
    </Stack>
  );
}

function EnvironmentsList({ api, organizationId }: { api: OperatorApiClient; organizationId: string }) {
  const environments = useOperatorCall(useCallback(() => api.environments(organizationId), [api, organizationId]));
  if (environments.error)
    return (
      <Alert color="red" title="The environments could not be loaded" role="alert">
        {environments.error}
      </Alert>
    );
  if (!environments.data) return <Loader aria-label="Loading environments" />;
  if (environments.data.length === 0)
    return (
      <Text>
        This organization has no environment; create one with{' '}
        <Code>herald env create {organizationId} &lt;name&gt;</Code>.
      </Text>
    );
  return (
    <Stack gap="sm" component="section" aria-label="Environments">
      <Title order={2} size="h3">
        Environments
      </Title>
      {environments.data.map((environment) => (
        <EnvironmentCard key={environment._id} api={api} environment={environment} />
      ))}
    </Stack>
  );
}

function EnvironmentCard({ api, environment }: { api: OperatorApiClient; environment: EnvironmentSummary }) {
  const keys = useOperatorCall(useCallback(() => api.apiKeys(environment._id), [api, environment._id]));
  const [issued, setIssued] = useState<IssuedApiKey>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
      keys.reload();
    } catch (reason) {
      setActionError(failureSentence(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="sm" data-testid="environment-card" data-environment-id={environment._id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4" className="break-anywhere">
            {environment.name}
          </Title>
          <Button
            size="xs"
            variant="default"
            loading={busy}
            onClick={() => act(async () => setIssued(await api.createApiKey(environment._id)))}
          >
            Create API key
          </Button>
        </Group>
        <Text size="sm" className="break-anywhere">
          Identifier <Code>{environment.identifier}</Code> · id <Code>{environment._id}</Code>
        </Text>
        {issued && (
          <Alert color="green" title="New API key: copy it now, it is not shown again" data-testid="issued-key">
            <Code className="wrapping-code" block>
              {issued.key}
            </Code>
          </Alert>
        )}
        {actionError && (
          <Alert color="red" title="That did not work" role="alert">
            {actionError}
          </Alert>
        )}
        {keys.error && (
          <Alert color="red" title="The keys could not be loaded" role="alert">
            {keys.error}
          </Alert>
        )}
        {keys.data && (
          <Stack
            component="ul"
            gap={4}
            p={0}
            m={0}
            className="plain-list"
            aria-label={`API keys of ${environment.name}`}
          >
            {keys.data.map((key) => (
              <ApiKeyRow
                key={key._id}
                apiKey={key}
                busy={busy}
                onRevoke={() => act(() => api.revokeApiKey(key._id).then(() => undefined))}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function ApiKeyRow({ apiKey, busy, onRevoke }: { apiKey: ApiKeyInfo; busy: boolean; onRevoke(): void }) {
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setConfirming(false), [apiKey.revokedAt]);
  return (
    <Group component="li" gap="xs" wrap="wrap" data-testid="api-key-row">
      <Code aria-label="API key, masked">{`••••••••${apiKey.hint.replace(/^…/, '')}`}</Code>
      <Text size="sm">created {formatTime(apiKey.createdAt)}</Text>
      {apiKey.revokedAt ? (
        <Badge color="gray" variant="light">
          revoked {formatTime(apiKey.revokedAt)}
        </Badge>
      ) : confirming ? (
        <Group gap={4}>
          <Button size="compact-xs" color="red.9" loading={busy} onClick={onRevoke}>
            Revoke now
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </Group>
      ) : (
        <Button size="compact-xs" variant="default" onClick={() => setConfirming(true)}>
          Revoke…
        </Button>
      )}
    </Group>
  );
}
