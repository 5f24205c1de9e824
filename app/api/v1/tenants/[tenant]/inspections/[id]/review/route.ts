import { tenantRoute } from '@/lib/http/route';
import { reviewInspection } from '@/lib/quality/review-inspection';
import { inspectionSchema, recordIdParamsSchema, reviewInspectionSchema } from '@/lib/quality/schemas';
import { signingRoute } from '@/lib/http/signing-route';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';

export const POST = signingRoute(
  tenantRoute(
    {
      method: 'POST',
      path: '/api/v1/tenants/{tenant}/inspections/{id}/review',
      summary: 'Approve or reject a submitted inspection, with an electronic signature',
      description:
        'Signature meaning `approved` or `rejected` (a rejection needs a reason). Not by the performer (403 `segregation_of_duties`). A wrong password is 403 `signature_invalid` and changes nothing.',
      tags: ['Inspections'],
      access: 'inspections.approve',
      errors: ['segregation_of_duties', 'signature_invalid', 'rate_limited', 'conflict'],
      params: recordIdParamsSchema,
      body: reviewInspectionSchema,
      response: inspectionSchema,
    },
    async ({ ctx, params, body }) => reviewInspection(ctx, params.id, body),
  ),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
