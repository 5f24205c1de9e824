import { signReviewDecisions } from '@/lib/access-reviews/sign-review-decisions';
import { accessReviewParamsSchema, signedReviewDecisionsSchema, signReviewDecisionsSchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';
import { signingRoute } from '@/lib/http/signing-route';

export const POST = signingRoute(
  tenantRoute(
    {
      method: 'POST',
      path: '/api/v1/tenants/{tenant}/access-reviews/{id}/sign',
      summary: 'Sign your decided access-review items; their revocations and modifications take effect',
      description:
        'One electronic signature (meaning `reviewed`, your password) signs every decided, unsigned item of yours in this campaign: one signature record per item. In the same transaction each revoke and modify takes effect and is audited with the campaign and the item; what no longer applies (a role already gone) is noted in the item’s `appliedChange.notes`. Nothing decided is 409. A wrong password is 403 `signature_invalid` and changes nothing.',
      tags: ['Access reviews'],
      access: 'member',
      errors: ['self_review', 'signature_invalid', 'rate_limited', 'conflict'],
      params: accessReviewParamsSchema,
      body: signReviewDecisionsSchema,
      response: signedReviewDecisionsSchema,
    },
    async ({ ctx, params, body }) => signReviewDecisions(ctx, params.id, body),
  ),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
