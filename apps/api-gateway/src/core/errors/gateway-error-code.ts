/**
 * Every failure the gateway reports on purpose. The HTTP status (and, for 400s, the `type` a
 * Novu client switches on) is decided here and nowhere else.
 */
export enum GatewayErrorCode {
  /** A body field breaks the DTO: `errors: {<field>: {messages, value}}`. */
  RequestValidation = 'REQUEST_VALIDATION',
  /** The payload fails the workflow's `payloadSchema`: `errors: [{field, message, value}]`. */
  PayloadValidation = 'PAYLOAD_VALIDATION_ERROR',
  MalformedJson = 'MALFORMED_JSON',
  InvalidEncoding = 'INVALID_ENCODING',
  JsonTooDeep = 'JSON_TOO_DEEP',
  ForbiddenProperty = 'FORBIDDEN_PROPERTY',
  /** A U+0000 in a body string, key, path or query parameter: Postgres text and jsonb cannot hold it. */
  ForbiddenCharacter = 'FORBIDDEN_CHARACTER',
  /** A URL Fastify's router cannot decode (e.g. `%ff`), or an HTTP request Node's parser refuses. */
  BadRequestLine = 'BAD_REQUEST_LINE',
  /** A path parameter longer than the router accepts. */
  UriTooLong = 'URI_TOO_LONG',
  /** Request headers larger than Node's HTTP parser accepts. */
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  /** An `Expect` header other than `100-continue`. */
  ExpectationFailed = 'EXPECTATION_FAILED',
  InvalidIdempotencyKey = 'INVALID_IDEMPOTENCY_KEY',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  WorkflowNotFound = 'WORKFLOW_NOT_FOUND',
  IdempotencyKeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  RateLimited = 'RATE_LIMITED',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
  IdempotencyStoreUnavailable = 'IDEMPOTENCY_STORE_UNAVAILABLE',
  /** trigger-worker did not answer in time (or no worker ever served this broker). */
  WorkerUnavailable = 'WORKER_UNAVAILABLE',
  /** Postgres refused or dropped the connection (restart, failover, pool exhausted): retry. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  SubscriberNotFound = 'SUBSCRIBER_NOT_FOUND',
  SubscriberExists = 'SUBSCRIBER_EXISTS',
  TopicNotFound = 'TOPIC_NOT_FOUND',
  TopicExists = 'TOPIC_EXISTS',
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  MessageNotFound = 'MESSAGE_NOT_FOUND',
  IntegrationNotFound = 'INTEGRATION_NOT_FOUND',
  /** A channel runner did not answer an integration test in time (or none serves this broker). */
  RunnerUnavailable = 'RUNNER_UNAVAILABLE',
}

/** The HTTP status of each code. */
export const GATEWAY_ERROR_STATUS: Readonly<Record<GatewayErrorCode, number>> = {
  [GatewayErrorCode.RequestValidation]: 422,
  [GatewayErrorCode.PayloadValidation]: 400,
  [GatewayErrorCode.MalformedJson]: 400,
  [GatewayErrorCode.InvalidEncoding]: 400,
  [GatewayErrorCode.JsonTooDeep]: 400,
  [GatewayErrorCode.ForbiddenProperty]: 400,
  [GatewayErrorCode.ForbiddenCharacter]: 400,
  [GatewayErrorCode.BadRequestLine]: 400,
  [GatewayErrorCode.UriTooLong]: 414,
  [GatewayErrorCode.HeadersTooLarge]: 431,
  [GatewayErrorCode.ExpectationFailed]: 417,
  [GatewayErrorCode.InvalidIdempotencyKey]: 400,
  [GatewayErrorCode.UnsupportedMediaType]: 415,
  [GatewayErrorCode.PayloadTooLarge]: 413,
  [GatewayErrorCode.WorkflowNotFound]: 422,
  [GatewayErrorCode.IdempotencyKeyInProgress]: 409,
  [GatewayErrorCode.IdempotencyKeyReused]: 422,
  [GatewayErrorCode.RateLimited]: 429,
  [GatewayErrorCode.BrokerUnavailable]: 503,
  [GatewayErrorCode.IdempotencyStoreUnavailable]: 503,
  [GatewayErrorCode.WorkerUnavailable]: 503,
  [GatewayErrorCode.DatabaseUnavailable]: 503,
  [GatewayErrorCode.SubscriberNotFound]: 404,
  [GatewayErrorCode.SubscriberExists]: 409,
  [GatewayErrorCode.TopicNotFound]: 404,
  [GatewayErrorCode.TopicExists]: 409,
  [GatewayErrorCode.NotificationNotFound]: 404,
  [GatewayErrorCode.MessageNotFound]: 404,
  [GatewayErrorCode.IntegrationNotFound]: 404,
  [GatewayErrorCode.RunnerUnavailable]: 503,
};
