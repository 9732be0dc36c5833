import type { DeliveryChannel, JsonRecord } from '@herald/contracts';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep-merges plain objects (`b` wins; arrays and scalars replace); prototype keys are dropped. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const source of [a, b]) {
    for (const [key, value] of Object.entries(source)) {
      if (UNSAFE_KEYS.has(key)) continue;
      const current = merged[key];
      merged[key] =
        isRecord(current) && isRecord(value)
          ? deepMerge(current, value)
          : isRecord(value)
            ? deepMerge({}, value)
            : value;
    }
  }
  return merged;
}

/** The key of a channel's legacy overrides (`overrides.email`, `overrides.inApp`). */
const CHANNEL_OVERRIDE_KEYS: Record<DeliveryChannel, readonly string[]> = {
  email: ['email'],
  sms: ['sms'],
  push: ['push'],
  chat: ['chat'],
  in_app: ['inApp', 'in_app'],
};

/** Novu's channel-level overrides for `channel` (`overrides.email.to`, `overrides.sms.from`, ...). */
export function channelOverridesOf(overrides: JsonRecord, channel: DeliveryChannel): Record<string, unknown> {
  const found = CHANNEL_OVERRIDE_KEYS[channel].map((key) => overrides[key]).find(isRecord);
  return found ? deepMerge({}, found) : {};
}

/**
 * Provider overrides for one provider: `overrides.providers.<providerId>` (every step), then
 * `overrides.steps.<stepId>.providers.<providerId>` (this step), the step's winning.
 */
export function providerOverridesOf(
  overrides: JsonRecord,
  stepId: string,
  providerId: string,
): Record<string, unknown> {
  const workflowLevel = isRecord(overrides.providers) ? overrides.providers[providerId] : undefined;
  const steps = isRecord(overrides.steps) ? overrides.steps[stepId] : undefined;
  const stepLevel = isRecord(steps) && isRecord(steps.providers) ? steps.providers[providerId] : undefined;
  return deepMerge(isRecord(workflowLevel) ? workflowLevel : {}, isRecord(stepLevel) ? stepLevel : {});
}

/** An HTTP request a provider is about to send, as overrides see it. */
export interface OverridableRequest {
  body: Record<string, unknown>;
  headers: Record<string, string>;
  query: Record<string, string>;
}

/**
 * Applies provider overrides to an HTTP request, as Novu does: `_passthrough.body`,
 * `_passthrough.headers` and `_passthrough.query` are merged into the request; every other key
 * is deep-merged into the body (so `{blocks: [...]}` reaches Slack as is).
 */
export function applyProviderOverrides(
  request: OverridableRequest,
  providerOverrides: Record<string, unknown>,
): OverridableRequest {
  const { _passthrough: passthrough, ...rest } = providerOverrides;
  const pass = isRecord(passthrough) ? passthrough : {};
  return {
    body: deepMerge(deepMerge(request.body, rest), isRecord(pass.body) ? pass.body : {}),
    headers: { ...request.headers, ...stringValues(pass.headers) },
    query: { ...request.query, ...stringValues(pass.query) },
  };
}

/** The string-valued entries of a record (numbers and booleans stringified). */
export function stringValues(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (UNSAFE_KEYS.has(key)) continue;
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') result[key] = String(item);
  }
  return result;
}

/** A string field of a record, when it is a non-empty string. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
