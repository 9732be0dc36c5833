export { assertPayloadSchemaUsable } from './payload-schema.check';
export { PAYLOAD_SCHEMA_LIMITS, FORMAT_MAX_LENGTH } from './payload-schema.limits';
export { PayloadSchemaValidators } from './payload-schema.validators';
