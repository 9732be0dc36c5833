import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

/** What a route (or every route of a controller) adds to the document beyond what Nest and its pipes say. */
export interface OpenApiDoc {
  /** The tag (default: the controller's name without `Controller`). */
  tag?: string;
  operationId?: string;
  summary?: string;
  description?: string;
  /** Headers the route reads. */
  headers?: { name: string; description: string }[];
  /** The success response's body. */
  response?: z.ZodTypeAny;
  /** The error responses of an authenticated JSON route (400, 401, 409, 413, 415, 422, 429, 503). */
  errorResponses?: boolean;
  /** Schemas referenced by hand-written documentation (`schemaRef(name)`), registered as components. */
  models?: Readonly<Record<string, z.ZodTypeAny>>;
}

export const OPENAPI_DOC = 'herald:openapi-doc';

/** Documents a controller or a route; a route's entries win over its controller's. */
export const OpenApi = (doc: OpenApiDoc) => SetMetadata(OPENAPI_DOC, doc);

/** A pipe whose zod schema documents the parameter it validates (`ZodValidationPipe`). */
export interface DocumentedPipe {
  readonly schema: z.ZodTypeAny;
}
