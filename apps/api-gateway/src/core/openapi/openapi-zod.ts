import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Once, before any schema documents itself: `.openapi()` is added to zod's prototypes.
extendZodWithOpenApi(z);

/** zod with `.openapi()`; schemas that carry documentation import it from here. */
export { z };

/** `#/components/schemas/<name>`, for documentation written by hand (a field's `oneOf`). */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
