/** The parts of the public API's subscriber, integration and workflow answers the console reads. */

export interface SubscriberChannel {
  providerId: string;
  integrationIdentifier?: string;
  credentials: { webhookUrl?: string; channel?: string; deviceTokens?: string[] } & Record<string, unknown>;
}

export interface Subscriber {
  _id: string;
  subscriberId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  avatar: string | null;
  locale: string | null;
  timezone: string | null;
  data: Record<string, unknown> | null;
  channels: SubscriberChannel[];
  createdAt: string;
  updatedAt: string;
}

export interface SubscriberPage {
  data: Subscriber[];
  next: string | null;
  previous: string | null;
}

export type ChannelSwitches = Partial<Record<string, boolean>>;

export interface SubscriberPreferences {
  global: { enabled: boolean; channels: ChannelSwitches };
  workflows: {
    enabled: boolean;
    channels: ChannelSwitches;
    overrides: { channel: string; source: string }[];
    workflow: { identifier: string; name: string };
  }[];
}

export interface InboxItem {
  _id: string;
  transactionId: string;
  templateIdentifier: string;
  content: string;
  subject?: string | null;
  read: boolean;
  seen: boolean;
  archived: boolean;
  createdAt: string;
}

export interface InboxPage {
  data: InboxItem[];
  hasMore: boolean;
}

export interface Integration {
  _id: string;
  providerId: string;
  channel: string;
  name: string;
  identifier: string;
  credentials: Record<string, unknown>;
  active: boolean;
  primary: boolean;
  priority: number;
  createdAt: string;
}

export interface WorkflowStep {
  _id: string;
  stepId: string;
  name: string;
  type: string;
  active: boolean;
  controlValues: Record<string, unknown>;
}

export interface WorkflowSummary {
  _id: string;
  workflowId: string;
  name: string;
  tags: string[];
  active: boolean;
  version: number;
  updatedAt: string;
  steps: { slug: string; type: string }[];
}

export interface Workflow extends Omit<WorkflowSummary, 'steps'> {
  description?: string;
  critical: boolean;
  payloadSchema?: unknown;
  steps: WorkflowStep[];
  preferences: { user: unknown; default: unknown };
}

/** `POST /v2/workflows/:workflowId/step/:stepId/preview`'s body (Novu's `GeneratePreviewRequestDto`). */
export interface StepPreviewRequest {
  controlValues?: Record<string, unknown>;
  previewPayload?: { payload?: Record<string, unknown>; subscriber?: Record<string, unknown> };
}

/** What a step would send: its controls rendered for the sample (`preview.subject`, `preview.body`, …). */
export interface StepPreview {
  result: { type: string; preview: Record<string, unknown> };
  previewPayloadExample: { payload: Record<string, unknown>; subscriber: Record<string, unknown> };
  schema: unknown;
}

/** `POST /v1/events/trigger`'s answer (Novu's `TriggerEventResponseDto`). */
export interface TriggerResult {
  acknowledged: boolean;
  status: string;
  error?: string[];
  transactionId?: string;
  activityFeedLink?: string;
}

/** `POST /v1/integrations/:integrationId/test`'s answer: what the provider said. */
export interface IntegrationTestAnswer {
  ok: boolean;
  channel: string;
  integrationId: string;
  providerId: string;
  integrationIdentifier: string;
  recipient: string | null;
  providerMessageId: string | null;
  error: { code: string; message: string; retryable: boolean } | null;
  durationMs: number;
}

/** One integration's outcomes over the window (`GET /v1/integrations/delivery-stats`). */
export interface IntegrationDeliveryStats {
  integrationId: string;
  delivered: number;
  failed: number;
  errorRate: number | null;
  recent: {
    notificationId: string;
    transactionId: string;
    subscriberId: string;
    status: 'delivered' | 'failed';
    detail: string;
    errorCode: string | null;
    at: string;
  }[];
}

export interface DeliveryStats {
  from: string;
  to: string;
  integrations: IntegrationDeliveryStats[];
}

/** `GET /v1/notifications/throughput`: per minute, oldest first. */
export interface ThroughputSeries {
  from: string;
  to: string;
  bucketSeconds: number;
  points: { at: string; triggers: number; deliveries: number; failures: number }[];
}

/** `GET /v1/notifications/:notificationId/jobs/:jobId/content`: a sent step re-rendered. */
export interface SentContent {
  notificationId: string;
  jobId: string;
  channel: string;
  status: string;
  step: { stepId: string; name: string };
  workflow: { identifier: string; version: number };
  content: Record<string, unknown> | null;
  error: { code: string; message: string; control: string } | null;
  subscriberFound: boolean;
}
