import { getAccessReview } from '@/lib/access-reviews/list-access-reviews';
import { accessReviewParamsSchema, accessReviewSchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/access-reviews/{id}',
    summary: 'One access-review campaign with its progress',
    description: 'For access_reviews.manage holders and the campaign’s reviewers (403 for anyone else).',
    tags: ['Access reviews'],
    access: 'member',
    params: accessReviewParamsSchema,
    response: accessReviewSchema,
  },
  async ({ ctx, params }) => getAccessReview(ctx, params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
