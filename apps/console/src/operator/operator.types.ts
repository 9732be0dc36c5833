/** `GET /admin/organizations` entries. */
export interface OrganizationSummary {
  _id: string;
  name: string;
  idempotencyEnabled: boolean;
  createdAt: string;
}

export interface EnvironmentSummary {
  _id: string;
  _organizationId: string;
  name: string;
  identifier: string;
  createdAt: string;
}

/** Key metadata: the key itself is never stored, only its last characters (`hint`). */
export interface ApiKeyInfo {
  _id: string;
  _environmentId: string;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedApiKey extends ApiKeyInfo {
  key: string;
}

export interface DeadLetterQueueCount {
  queue: string;
  deadQueue: string;
  /** null: the queue is not declared (its service never started against this broker). */
  count: number | null;
}

export interface DeadLetter {
  messageId?: string;
  type?: string;
  reason: string;
  failedAt?: string;
  attempts: number;
  originalRoutingKey?: string;
  body: string;
  bodyTruncated: boolean;
}

export interface DeadLetterListing {
  queue: string;
  deadQueue: string;
  count: number;
  messages: DeadLetter[];
}
