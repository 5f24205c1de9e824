import { tenantRoute } from '@/lib/http/route';
import { listInspections } from '@/lib/quality/list-inspections';
import { recordInspection } from '@/lib/quality/record-inspection';
import { inspectionListSchema, inspectionSchema, recordIdParamsSchema, recordInspectionSchema } from '@/lib/quality/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/batches/{id}/inspections',
    summary: 'The inspections of a batch, retests included',
    tags: ['Inspections'],
    access: 'inspections.read',
    params: recordIdParamsSchema,
    response: inspectionListSchema,
  },
  async ({ ctx, params }) => listInspections(ctx, params.id),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/batches/{id}/inspections',
    summary: 'Record an inspection (or a retest, with retestOf)',
    description:
      'The server computes `result`: any value outside its limits or any critical defect fails. The inspection starts `submitted` and awaits review by someone else. A retest is a new inspection; the original is never changed.',
    tags: ['Inspections'],
    access: 'inspections.perform',
    errors: ['conflict'],
    params: recordIdParamsSchema,
    body: recordInspectionSchema,
    response: inspectionSchema,
    status: 201,
  },
  async ({ ctx, params, body }) => recordInspection(ctx, params.id, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
