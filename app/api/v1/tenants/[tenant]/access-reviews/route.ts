import { createAccessReview } from '@/lib/access-reviews/create-access-review';
import { listAccessReviews } from '@/lib/access-reviews/list-access-reviews';
import { accessReviewListSchema, accessReviewSchema, createAccessReviewSchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';
import { tenantParamsSchema } from '@/lib/tenancy/schemas';

export const GET = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/access-reviews',
    summary: 'Access-review campaigns: every one for access_reviews.manage holders, the ones you review otherwise',
    description:
      'Newest first, each with its progress (items total, decided and signed; a reviewer without access_reviews.manage counts their own items) and whether it is overdue (open after its due date).',
    tags: ['Access reviews'],
    access: 'member',
    params: tenantParamsSchema,
    response: accessReviewListSchema,
  },
  async ({ ctx }) => listAccessReviews(ctx),
);

export const POST = tenantRoute(
  {
    method: 'POST',
    path: '/api/v1/tenants/{tenant}/access-reviews',
    summary: 'Start an access-review campaign',
    description:
      'The scope is resolved now: every active and suspended member (`all`), a team’s members, the members who reach a system (a role scoped to it or any of its keys), or the holders of any of the chosen permissions. Reviewers are chosen active members (`people`) or the admins (active members holding access_reviews.manage). Each reviewer gets one item per member in scope with a snapshot of that member’s access — never an item about themselves: a member whose only reviewer would be themselves is 400 naming `reviewers`, an empty scope 400 naming `scope`. `dueOn` is after today.',
    tags: ['Access reviews'],
    access: 'access_reviews.manage',
    params: tenantParamsSchema,
    body: createAccessReviewSchema,
    response: accessReviewSchema,
    status: 201,
  },
  async ({ ctx, body }) => createAccessReview(ctx, body),
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(['GET', 'POST']);
