import { listReviewItems } from '@/lib/access-reviews/list-access-reviews';
import { accessReviewItemListSchema, accessReviewParamsSchema, listReviewItemsQuerySchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/access-reviews/{id}/items',
    summary: 'The items of an access-review campaign: yours, or everyone’s',
    description:
      '`reviewer=me` lists your items (the default without access_reviews.manage; no members.read needed); `reviewer=all` everyone’s (the default for, and only for, access_reviews.manage holders). Each item is one member as one reviewer sees them: their access when the campaign started, the decision, its signature and what it changed.',
    tags: ['Access reviews'],
    access: 'member',
    params: accessReviewParamsSchema,
    query: listReviewItemsQuerySchema,
    response: accessReviewItemListSchema,
  },
  async ({ ctx, params, query }) => listReviewItems(ctx, params.id, query),
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(['GET']);
