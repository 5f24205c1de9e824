import { closeAccessReview } from '@/lib/access-reviews/close-access-review';
import { accessReviewParamsSchema, accessReviewSchema, closeAccessReviewSchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';
import { signingRoute } from '@/lib/http/signing-route';

export const POST = signingRoute(
  tenantRoute(
    {
      method: 'POST',
      path: '/api/v1/tenants/{tenant}/access-reviews/{id}/close',
      summary: 'Close an access-review campaign with the owner’s signature; its report is stored unchangeable',
      description:
        'By the owner (who started it) only, once every item is decided and signed (409 says how many are left). Electronic signature meaning `approved`. The report (PDF and CSV, `GET …/report`) is built then and stored with its SHA-256; a closed campaign never changes. A wrong password is 403 `signature_invalid` and changes nothing.',
      tags: ['Access reviews'],
      access: 'access_reviews.manage',
      errors: ['signature_invalid', 'rate_limited', 'conflict'],
      params: accessReviewParamsSchema,
      body: closeAccessReviewSchema,
      response: accessReviewSchema,
    },
    async ({ ctx, params, body }) => closeAccessReview(ctx, params.id, body),
  ),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(['POST']);
