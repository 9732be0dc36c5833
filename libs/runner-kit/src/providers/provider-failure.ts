import { CONTRACT_LIMITS } from '@herald/contracts';

import { OutboundRefusedError } from '../outbound/outbound-guard';
import { OutboundNetworkError, OutboundResponse } from '../outbound/outbound-http.client';

/** Why one provider call did not deliver; `retryable` is the explicit verdict the worker acts on. */
export interface ProviderFailure {
  /** Stable and machine-readable: `provider_rate_limited`, `provider_unavailable`, `provider_rejected`, ... */
  code: string;
  /** For the activity feed: the provider's own explanation, never a credential or the payload. */
  message: string;
  retryable: boolean;
  /**
   * The wait the provider asked for before it is called again (a 429/503 `Retry-After`, Telegram's
   * `retry_after`), capped at `CONTRACT_LIMITS.maxRetryAfterMs`. The worker's next attempt waits at
   * least this long; failover to another integration does not wait.
   */
  retryAfterMs?: number;
}

/**
 * A `Retry-After` value in ms: delay-seconds (`7`) or an HTTP-date, or a number of seconds (a
 * provider's JSON hint). Capped at `CONTRACT_LIMITS.maxRetryAfterMs`; undefined when absent,
 * malformed or already past.
 */
export function parseRetryAfter(
  value: string | readonly string[] | number | undefined,
  now = Date.now(),
): number | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  let ms: number | undefined;
  if (typeof first === 'number') ms = Number.isFinite(first) ? first * 1000 : undefined;
  else if (typeof first === 'string') {
    const text = first.trim();
    if (/^\d+$/.test(text)) ms = Number(text) * 1000;
    else if (text) {
      const at = Date.parse(text);
      ms = Number.isNaN(at) ? undefined : at - now;
    }
  }
  if (ms === undefined || ms <= 0) return undefined;
  return Math.min(Math.ceil(ms), CONTRACT_LIMITS.maxRetryAfterMs);
}

/** The failure with the provider's retry hint, when it gave one. */
export function withRetryAfter(failure: ProviderFailure, retryAfterMs: number | undefined): ProviderFailure {
  return retryAfterMs === undefined ? failure : { ...failure, retryAfterMs };
}

/** 408, 425, 429 and every 5xx are worth another try; any other 4xx is the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * The failure for an HTTP answer that is not a success. `reason` is the provider's explanation
 * when the caller could extract one (error code and message from its body).
 */
export function failureFromStatus(providerId: string, status: number, reason?: string): ProviderFailure {
  const code =
    status === 429
      ? 'provider_rate_limited'
      : status >= 500 || status === 408 || status === 425
        ? 'provider_unavailable'
        : status === 401 || status === 403
          ? 'provider_auth_failed'
          : 'provider_rejected';
  return {
    code,
    message: clip(`${providerId} answered HTTP ${status}${reason ? `: ${reason}` : ''}`),
    retryable: isRetryableStatus(status),
  };
}

/**
 * The failure for an HTTP response, reading a short reason from its body with `extract`; a 429 or
 * 503 carries its `Retry-After` as `retryAfterMs`.
 */
export function failureFromResponse(
  providerId: string,
  response: OutboundResponse,
  extract: (body: unknown, text: string) => string | undefined = defaultReason,
): ProviderFailure {
  const failure = failureFromStatus(providerId, response.status, extract(parseJson(response.body), response.body));
  if (response.status !== 429 && response.status !== 503) return failure;
  return withRetryAfter(failure, parseRetryAfter(response.headers['retry-after']));
}

/** The failure for anything a provider call threw: refused targets are permanent, network trouble is retryable. */
export function failureFromError(providerId: string, error: unknown): ProviderFailure {
  if (error instanceof OutboundRefusedError)
    return { code: error.code, message: clip(`${providerId}: ${error.message}`), retryable: false };
  if (error instanceof OutboundNetworkError) {
    if (error.kind === 'dns')
      return { code: 'provider_host_not_found', message: clip(`${providerId}: ${error.message}`), retryable: false };
    return {
      code: error.kind === 'timeout' ? 'provider_timeout' : 'provider_unreachable',
      message: clip(`${providerId}: ${error.message}`),
      retryable: true,
    };
  }
  return {
    code: 'provider_error',
    message: clip(`${providerId}: ${error instanceof Error ? error.message : String(error)}`),
    retryable: true,
  };
}

/** An integration that cannot be used as configured (a credential is missing or malformed). */
export function misconfigured(providerId: string, what: string): ProviderFailure {
  return { code: 'integration_misconfigured', message: clip(`${providerId} integration: ${what}`), retryable: false };
}

/**
 * True when the next integration may succeed where this one failed: a retryable error, or a
 * broken integration (misconfigured, credentials refused). Any other permanent error is about the
 * message itself, which another provider would refuse as well.
 */
export function allowsFailover(failure: ProviderFailure): boolean {
  return failure.retryable || failure.code === 'integration_misconfigured' || failure.code === 'provider_auth_failed';
}

/** Parses a JSON body, or undefined. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Shortens text for status events (they bound details to 2000 characters). */
export function clip(text: string, max = 1000): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function defaultReason(body: unknown, text: string): string | undefined {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const message = record.message ?? record.error_description ?? record.error;
    if (typeof message === 'string') return clip(message, 300);
    if (message && typeof message === 'object' && typeof (message as Record<string, unknown>).message === 'string')
      return clip((message as { message: string }).message, 300);
  }
  const trimmed = text.trim();
  return trimmed && trimmed.length <= 300 && !trimmed.startsWith('<') ? trimmed : undefined;
}
