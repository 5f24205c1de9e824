import { tenantRoute } from '@/lib/http/route';
import { getBatch } from '@/lib/quality/get-batch';
import { batchDetailSchema, recordIdParamsSchema, updateBatchSchema } from '@/lib/quality/schemas';
import { updateBatch } from '@/lib/quality/update-batch';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}',
    summary: 'A batch with its signatures and status history',
    description: 'Each signature shows `valid: false` when the record no longer hashes to what was signed.',
    tags: ['Batches'],
    access: 'batches.read',
    params: recordIdParamsSchema,
    response: batchDetailSchema,
  },
  async ({ ctx, params }) => getBatch(ctx, params.id),
);

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/batches/{id}',
    summary: 'Correct a batch record (with a reason)',
    description:
      'Product name, GTIN, planned quantity, expiry. Batches are never deleted; status changes through transitions. A released, rejected or recalled batch is closed: 409 `conflict`.',
    tags: ['Batches'],
    access: 'batches.update',
    errors: ['conflict'],
    params: recordIdParamsSchema,
    body: updateBatchSchema,
    response: batchDetailSchema,
  },
  async ({ ctx, params, body }) => updateBatch(ctx, params.id, body),
);

export const { POST, PUT, DELETE } = methodsNotAllowed(['GET', 'PATCH']);
