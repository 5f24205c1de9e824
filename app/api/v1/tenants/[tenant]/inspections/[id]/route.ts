import { tenantRoute } from '@/lib/http/route';
import { getInspection } from '@/lib/quality/get-inspection';
import { inspectionSchema, recordIdParamsSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/inspections/{id}',
    summary: 'An inspection with its review and signatures',
    tags: ['Inspections'],
    access: 'inspections.read',
    params: recordIdParamsSchema,
    response: inspectionSchema,
  },
  async ({ ctx, params }) => getInspection(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
