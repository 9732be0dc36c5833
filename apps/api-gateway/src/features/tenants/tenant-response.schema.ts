import { z } from '../../core/openapi/openapi-zod';

/** Novu's tenant (`TenantResponseDto`); the mapper's return type is inferred from it, so the two cannot drift. */
export const tenantResponseSchema = z
  .object({
    _id: z.string(),
    identifier: z.string(),
    name: z.string(),
    data: z.record(z.string(), z.unknown()),
    _environmentId: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('TenantResponseDto');
export type TenantResponse = z.infer<typeof tenantResponseSchema>;

/** `{ data: tenant }`, the answer of create, get and update. */
export const tenantEnvelopeSchema = z.object({ data: tenantResponseSchema });

/** `GET /v1/tenants`: Novu's page of tenants. */
export const tenantPageSchema = z.object({
  data: z.array(tenantResponseSchema),
  page: z.number(),
  pageSize: z.number(),
  hasMore: z.boolean(),
  totalCount: z.number(),
});
