import { decideReviewItem } from '@/lib/access-reviews/decide-review-item';
import { accessReviewItemParamsSchema, accessReviewItemSchema, decideReviewItemSchema } from '@/lib/access-reviews/schemas';
import { methodsNotAllowed } from '@/lib/http/method-not-allowed';
import { tenantRoute } from '@/lib/http/route';

export const PATCH = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/access-reviews/{id}/items/{itemId}',
    summary: 'Decide an access-review item: keep, revoke or modify',
    description:
      'By the item’s reviewer only (403 otherwise; 403 `self_review` on an item about yourself). `keep` carries nothing; `revoke` takes away roles the member held directly (`change.roleIds`, ids or names), overrides (`change.overrides`) or the membership (`change.membership`); `modify` sets the member’s new direct roles (`change.setRoleIds`; only roles whose permissions you could grant). Revoke and modify need a `comment`. Nothing changes in the member’s access until you sign (`POST …/sign`); until then the decision may change. A signed item or a closed campaign is 409.',
    tags: ['Access reviews'],
    access: 'member',
    errors: ['self_review', 'conflict'],
    params: accessReviewItemParamsSchema,
    body: decideReviewItemSchema,
    response: accessReviewItemSchema,
  },
  async ({ ctx, params, body }) => decideReviewItem(ctx, params.id, params.itemId, body),
);

export const { GET, POST, PUT, DELETE } = methodsNotAllowed(['PATCH']);
