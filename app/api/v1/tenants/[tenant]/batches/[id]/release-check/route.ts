import { tenantRoute } from '@/lib/http/route';
import { releaseCheck } from '@/lib/quality/release-check';
import { recordIdParamsSchema, releaseCheckSchema } from '@/lib/quality/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/release-check',
    summary: 'Whether the batch can be released, and everything that blocks it',
    tags: ['Batches'],
    access: 'batches.read',
    params: recordIdParamsSchema,
    response: releaseCheckSchema,
  },
  async ({ ctx, params }) => releaseCheck(ctx, params.id),
);
