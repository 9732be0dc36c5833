/**
 * Size limits every contract enforces. Producers validate against the same numbers before
 * publishing (the gateway answers 413/422 with them), so a message a producer accepted is never
 * dead-lettered by a stricter consumer.
 */
export const CONTRACT_LIMITS = {
  /** Recipients in one trigger's `to` (Novu: "Maximum number of recipients can be 100"). */
  maxRecipients: 100,
  /** `transactionId` length. */
  maxTransactionIdLength: 255,
  /** `Idempotency-Key` length (a longer key is a 400 at the gateway). */
  maxIdempotencyKeyLength: 255,
  /** Serialized trigger payload, UTF-8 bytes, attachments excluded (they travel as references). */
  maxPayloadBytes: 512 * 1024,
  /** Decoded attachment bytes per trigger. */
  maxAttachmentBytes: 20 * 1024 * 1024,
  /** Attachment references per trigger. */
  maxAttachments: 100,
  /** Steps in one workflow. */
  maxWorkflowSteps: 100,
  /** Subscriber ids listed in a topic reference's `exclude`. */
  maxTopicExcludes: 1000,
  /** Channel credential entries per subscriber, and device tokens per entry. */
  maxSubscriberChannels: 50,
  maxDeviceTokens: 1000,
  /**
   * Digest events carried by one dispatch; `totalCount` still counts every merged event, so the
   * worker sends the first ones in arrival order when a window collected more.
   */
  maxDigestEvents: 1000,
  /** Identifiers (ids, keys, subscriberIds) and labels (names). */
  maxIdLength: 255,
  maxNameLength: 255,
  /** Free text carried for humans (status details, error messages). */
  maxDetailLength: 2000,
  /** The longest wait a provider's Retry-After may impose on the next attempt (longer hints are capped). */
  maxRetryAfterMs: 3_600_000,
  /**
   * Characters of one template (a string in a channel step's controls), and of all of a step's
   * templates together; runners render a job within the same total (decision 0029).
   */
  maxTemplateLength: 524_288,
  maxStepTemplatesLength: 1_048_576,
} as const;
