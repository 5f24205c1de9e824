import { and, eq, inArray } from 'drizzle-orm';
import { rolePermissions } from '@/db/schema';
import { accessReviewItems } from '@/db/schema/access-reviews';
import { actingUserId } from '@/lib/acting-person';
import { assertMayGive } from '@/lib/access/member-guards';
import { lookUpRoleRefs } from '@/lib/access/resolve-role-refs';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, DomainError, forbidden, notFound, validationFailed } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { loadVisibleCampaign } from './list-access-reviews';
import { checkDecision, mayActOnItem, mayChangeDecision } from './policy';
import { itemView, type ItemRow } from './review-queries';
import { decideReviewItemSchema, type AccessReviewItemView, type DecideReviewItemInput } from './schemas';

/** 403 `self_review` (an item about the actor) or 403 (another reviewer's item), as ./policy.ts `mayActOnItem` says. */
export function assertMayActOnItem(ctx: TenantContext, item: Pick<ItemRow, 'reviewerId' | 'subjectUserId'>): void {
  const verdict = mayActOnItem(item, actingUserId(ctx.actor));
  if (!verdict.allowed)
    throw verdict.code === 'self_review' ? new DomainError('self_review', 403, verdict.reason) : forbidden(verdict.reason);
}

/**
 * `PATCH …/access-reviews/{id}/items/{itemId}`: the item's reviewer decides keep, revoke or modify (./policy.ts
 * `checkDecision`), with a comment for revoke and modify. Nothing changes in the member's access until the reviewer
 * signs (./sign-review-decisions.ts); until then the decision may change. A signed item or a closed campaign is 409.
 * Modify may give only roles whose permissions the reviewer could grant themselves (403). Audited as
 * `access_review.item_decided` on the campaign.
 */
export async function decideReviewItem(
  ctx: TenantContext,
  campaignId: string,
  itemId: string,
  input: DecideReviewItemInput,
): Promise<AccessReviewItemView> {
  const data = parseInput(decideReviewItemSchema, input);
  const campaign = await loadVisibleCampaign(ctx, campaignId);
  const [item] = await ctx.db
    .select()
    .from(accessReviewItems)
    .where(
      and(eq(accessReviewItems.tenantId, ctx.tenant.id), eq(accessReviewItems.campaignId, campaign.id), eq(accessReviewItems.id, itemId)),
    )
    .for('update');
  if (!item) throw notFound('access review item');
  assertMayActOnItem(ctx, item);
  const open = mayChangeDecision(item, campaign);
  if (!open.allowed) throw conflict(open.reason);

  let setRoleIds: string[] | undefined;
  if (data.decision === 'modify' && data.change?.setRoleIds) {
    const refs = await lookUpRoleRefs(ctx.db, ctx.tenant.id, data.change.setRoleIds, 'change.setRoleIds');
    if (refs.errors.length) throw validationFailed(refs.errors);
    setRoleIds = refs.ids;
  }
  const checked = checkDecision(data, item.snapshot, setRoleIds);
  if (checked.errors.length) throw validationFailed(checked.errors);

  // Modify must not hand out more than the reviewer could grant (no escalation through a review).
  const added = (checked.change?.setRoleIds ?? []).filter((id) => !item.snapshot.roles.some((r) => r.id === id));
  if (added.length) {
    const wanted = (
      await ctx.db.select({ permission: rolePermissions.permission }).from(rolePermissions).where(inArray(rolePermissions.roleId, added))
    ).map((r) => r.permission);
    assertMayGive(ctx, wanted, { appointingOther: true });
  }

  const [after] = await ctx.db
    .update(accessReviewItems)
    .set({ decision: data.decision, change: checked.change, comment: data.comment?.trim() || null, decidedAt: now() })
    .where(and(eq(accessReviewItems.tenantId, ctx.tenant.id), eq(accessReviewItems.id, item.id)))
    .returning();
  // The trail keeps only changed fields of a before/after pair: the decision is written whole, the earlier one beside it.
  await recordAudit(ctx, {
    action: 'access_review.item_decided',
    targetType: 'access_review',
    targetId: campaign.id,
    before: null,
    after: {
      campaignId: campaign.id,
      itemId: item.id,
      memberId: item.membershipId,
      member: item.subjectName || item.subjectEmail,
      decision: after.decision,
      change: after.change,
      comment: after.comment,
      previousDecision: item.decision,
    },
  });
  return itemView(after);
}
