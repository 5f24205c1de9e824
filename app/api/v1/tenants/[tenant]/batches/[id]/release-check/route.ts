import { tenantRoute } from '@/lib/http/route';
import { releaseCheck } from '@/lib/quality/release-check';
import { recordIdParamsSchema, releaseCheckSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/release-check',
    summary: 'Whether the batch can be released, and everything that blocks it',
    description:
      '`involvement` says what ties the caller to the batch (created, corrected, moved, performed or reviewed an inspection): anyone involved cannot release or reject it.',
    tags: ['Batches'],
    access: 'batches.read',
    params: recordIdParamsSchema,
    response: releaseCheckSchema,
  },
  async ({ ctx, params }) => releaseCheck(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
