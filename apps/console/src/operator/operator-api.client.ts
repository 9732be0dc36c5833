import { ConsoleApiError } from '../api/console-api.error';
import type {
  ApiKeyInfo,
  DeadLetterListing,
  DeadLetterQueueCount,
  EnvironmentSummary,
  IssuedApiKey,
  OrganizationSummary,
} from './operator.types';

/** The sentence for an operator route's failure: what happened and what to do. */
export function operatorErrorSentence(status: number, serverMessage?: string): string {
  const detail = serverMessage ? ` Herald said: “${serverMessage}”.` : '';
  if (status === 0)
    return 'Herald did not answer. Check that the gateway is running and that this page came from its operator port (ADMIN_HTTP_PORT).';
  if (status === 401)
    return 'Herald did not accept this operator token. Paste the value of OPERATOR_TOKEN the gateway was started with.';
  if (status === 403)
    return `The operator routes are switched off: start the gateway with OPERATOR_TOKEN set.${detail}`;
  if (status === 404) return `Nothing was found here: it may have been deleted or never existed.${detail}`;
  if (status === 429)
    return 'Too many wrong operator tokens from this address; wait for the Retry-After time, then sign in again.';
  if (status === 503) return `A service Herald needs is down; try again in a moment.${detail}`;
  if (status >= 500)
    return `Herald could not answer just now (status ${status}); a service may be starting or down. Try again.${detail}`;
  return `Herald answered with status ${status}.${detail}`;
}

/**
 * Herald's operator routes (`/admin/*`) on the origin that served the operator console — the
 * operator listener; the token goes in `Authorization: Bearer …`, never in a URL.
 */
export class OperatorApiClient {
  constructor(private readonly token: string) {}

  organizations(): Promise<OrganizationSummary[]> {
    return this.call<OrganizationSummary[]>('GET', '/admin/organizations');
  }

  environments(organizationId: string): Promise<EnvironmentSummary[]> {
    return this.call('GET', `/admin/organizations/${encodeURIComponent(organizationId)}/environments`);
  }

  apiKeys(environmentId: string): Promise<ApiKeyInfo[]> {
    return this.call('GET', `/admin/environments/${encodeURIComponent(environmentId)}/api-keys`);
  }

  createApiKey(environmentId: string): Promise<IssuedApiKey> {
    return this.call('POST', `/admin/environments/${encodeURIComponent(environmentId)}/api-keys`);
  }

  revokeApiKey(keyId: string): Promise<ApiKeyInfo> {
    return this.call('DELETE', `/admin/api-keys/${encodeURIComponent(keyId)}`);
  }

  deadLetterCounts(): Promise<DeadLetterQueueCount[]> {
    return this.call('GET', '/admin/dead-letters');
  }

  deadLetters(queue: string): Promise<DeadLetterListing> {
    return this.call('GET', `/admin/dead-letters/${encodeURIComponent(queue)}?limit=20`);
  }

  replay(queue: string): Promise<{ queue: string; replayed: number }> {
    return this.call('POST', `/admin/dead-letters/${encodeURIComponent(queue)}/replay`);
  }

  private async call<T>(method: string, path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch {
      throw new ConsoleApiError(0, operatorErrorSentence(0));
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : undefined;
      throw new ConsoleApiError(response.status, operatorErrorSentence(response.status, message));
    }
    return ((await response.json()) as { data: T }).data;
  }
}
