import {
  failureFromResponse,
  isRecord,
  type OutboundResponse,
  type ProviderFailure,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { allowedEmailHeaders } from './email-message';

/** How one HTTP email API explains itself: the reason in an error body, the message id of a success. */
export interface EmailApiAnswers {
  /** A short explanation from an error body (code and message). */
  reason(body: unknown, text: string, response: OutboundResponse): string | undefined;
  /** The provider's id of an accepted message. */
  messageId(body: unknown, response: OutboundResponse): string | undefined;
  /**
   * True when the error is the integration's, not the message's (sender not verified, account
   * suspended, out of credits): reported as `integration_misconfigured`, so the next integration is tried.
   */
  integrationFault?(status: number, body: unknown, response: OutboundResponse): boolean;
}

/**
 * The outcome of an HTTP email API call: 2xx is sent; anything else goes through the kit's status
 * verdicts (429/5xx retryable, 401/403 `provider_auth_failed`, other 4xx permanent) with the
 * provider's own reason, and errors the provider blames on the account become `integration_misconfigured`.
 */
export function outcomeOfResponse(
  providerId: string,
  response: OutboundResponse,
  answers: EmailApiAnswers,
): SendOutcome {
  const body = parseBody(response.body);
  if (response.status >= 200 && response.status < 300)
    return { ok: true, providerMessageId: answers.messageId(body, response) };
  const failure: ProviderFailure = failureFromResponse(providerId, response, (_parsed, text) =>
    answers.reason(body, text, response),
  );
  if (!failure.retryable && answers.integrationFault?.(response.status, body, response))
    return { ok: false, failure: { ...failure, code: 'integration_misconfigured' } };
  return { ok: false, failure };
}

/** `credentials.baseUrl` (tests, regional endpoints) or the provider's, without a trailing slash. */
export function baseUrlOf(credentials: Record<string, unknown>, fallback: string): string {
  return (stringField(credentials, 'baseUrl') ?? fallback).replace(/\/+$/, '');
}

/** `Name <address>`, the name quoted when it has characters RFC 5322 reserves. */
export function formatMailbox(mailbox: { address: string; name?: string }): string {
  if (!mailbox.name) return mailbox.address;
  const name = /^[\w !#$%&'*+\-/=?^`{|}~]*$/.test(mailbox.name)
    ? mailbox.name
    : `"${mailbox.name.replace(/["\\]/g, '\\$&')}"`;
  return `${name} <${mailbox.address}>`;
}

/** A URL with `_passthrough.query` appended. */
export function withQuery(url: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/** Header records added by provider overrides pass the same allow-list as `overrides.email.headers`. */
export function filterHeaderRecord(value: unknown): unknown {
  return isRecord(value) ? allowedEmailHeaders(value) : value;
}

/** A string field of an object, or undefined. */
export function textOf(record: unknown, key: string): string | undefined {
  const value = isRecord(record) ? record[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A short plain-text error body (`Forbidden`), not an HTML error page. */
export function plainText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed && !trimmed.startsWith('<') ? trimmed.slice(0, 300) : undefined;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
