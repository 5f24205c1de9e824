import { and, desc, eq, inArray } from 'drizzle-orm';
import { accessReviewCampaigns, accessReviewItems } from '@/db/schema/access-reviews';
import { actingUserId } from '@/lib/acting-person';
import type { TenantContext } from '@/lib/context';
import { forbidden } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { mayManageAccessReviews, maySeeCampaign, reviewerFilterFor } from './policy';
import { campaignView, itemView, loadCampaignRow, loadItemRows, type CampaignRow } from './review-queries';
import {
  listReviewItemsQuerySchema,
  type AccessReviewItemList,
  type AccessReviewList,
  type AccessReviewView,
  type ListReviewItemsQuery,
} from './schemas';

/**
 * Reading campaigns. Holders of `access_reviews.manage` see every campaign and item; any other member sees the
 * campaigns they review and their own items there (no `members.read` needed: a reviewer sees the members they
 * review through their items). Anyone else is refused (403) before the campaign is looked up.
 */

const REFUSED = 'This needs the permission access_reviews.manage, or being a reviewer of this campaign.';

/** Whether the acting person has items in the campaign (as its reviewer). */
async function reviews(ctx: TenantContext, campaignId: string): Promise<boolean> {
  const userId = actingUserId(ctx.actor);
  if (!userId) return false;
  const [row] = await ctx.db
    .select({ id: accessReviewItems.id })
    .from(accessReviewItems)
    .where(
      and(
        eq(accessReviewItems.tenantId, ctx.tenant.id),
        eq(accessReviewItems.campaignId, campaignId),
        eq(accessReviewItems.reviewerId, userId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** 403 unless the actor may see this campaign (a manager, or one of its reviewers); then the campaign row (404). */
export async function loadVisibleCampaign(ctx: TenantContext, id: string, options: { forUpdate?: boolean } = {}): Promise<CampaignRow> {
  if (!maySeeCampaign(ctx.permissions, mayManageAccessReviews(ctx.permissions) || (await reviews(ctx, id)))) throw forbidden(REFUSED);
  return loadCampaignRow(ctx, id, options);
}

/** `GET …/access-reviews/{id}`: one campaign with its progress (a reviewer's own items' progress for a reviewer). */
export async function getAccessReview(ctx: TenantContext, id: string): Promise<AccessReviewView> {
  const row = await loadVisibleCampaign(ctx, id);
  const mine = mayManageAccessReviews(ctx.permissions) ? undefined : (actingUserId(ctx.actor) ?? undefined);
  return campaignView(row, await loadItemRows(ctx, [row.id], mine));
}

/** `GET …/access-reviews`: every campaign (managers) or the ones the actor reviews, newest first. */
export async function listAccessReviews(ctx: TenantContext): Promise<AccessReviewList> {
  const manager = mayManageAccessReviews(ctx.permissions);
  const userId = actingUserId(ctx.actor);
  let campaignIds: string[] | null = null;
  if (!manager) {
    if (!userId) return { data: [] };
    const rows = await ctx.db
      .selectDistinct({ id: accessReviewItems.campaignId })
      .from(accessReviewItems)
      .where(and(eq(accessReviewItems.tenantId, ctx.tenant.id), eq(accessReviewItems.reviewerId, userId)));
    campaignIds = rows.map((r) => r.id);
    if (campaignIds.length === 0) return { data: [] };
  }
  const rows = await ctx.db
    .select()
    .from(accessReviewCampaigns)
    .where(and(eq(accessReviewCampaigns.tenantId, ctx.tenant.id), campaignIds ? inArray(accessReviewCampaigns.id, campaignIds) : undefined))
    .orderBy(desc(accessReviewCampaigns.createdAt), desc(accessReviewCampaigns.id));
  const items = await loadItemRows(
    ctx,
    rows.map((r) => r.id),
    manager ? undefined : userId!,
  );
  return {
    data: rows.map((r) =>
      campaignView(
        r,
        items.filter((i) => i.campaignId === r.id),
      ),
    ),
  };
}

/**
 * `GET …/access-reviews/{id}/items?reviewer=me|all`: a reviewer's own items (`me`, the default without
 * `access_reviews.manage`), or everyone's (`all`, the default for managers; 403 for anyone else).
 */
export async function listReviewItems(ctx: TenantContext, id: string, query: ListReviewItemsQuery = {}): Promise<AccessReviewItemList> {
  const { reviewer } = parseInput(listReviewItemsQuerySchema, query);
  const filter = reviewerFilterFor(ctx.permissions, reviewer);
  if (filter === 'refused') throw forbidden('Everyone’s items need the permission access_reviews.manage; ask for reviewer=me.');
  const row = await loadVisibleCampaign(ctx, id);
  const userId = actingUserId(ctx.actor);
  if (filter === 'me' && !userId) return { data: [] };
  const items = await loadItemRows(ctx, [row.id], filter === 'me' ? userId! : undefined);
  return { data: items.map(itemView) };
}
