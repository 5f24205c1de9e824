import { and, asc, count, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { rowsOf } from '@/db/rows';
import { accessReviewCampaigns, accessReviewItems } from '@/db/schema/access-reviews';
import { hasPermission, requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { now } from '@/lib/platform/clock';
import { ACCESS_REVIEWS_MANAGE, isOverdue, todayOf } from './policy';

/** An open campaign past its due date, as the dashboard lists it. */
export type OverdueAccessReview = {
  id: string;
  name: string;
  dueOn: string;
  /** Whole days since the due date (1 on the day after it). */
  daysOverdue: number;
  ownerName: string;
  /** Items not yet signed. */
  openItems: number;
  escalatedAt: string | null;
};

const DAY_MS = 24 * 60 * 60 * 1000;
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The tenant's overdue access reviews (`access_reviews.manage`): open campaigns whose due date has passed by the
 * clock (policy `isOverdue`), most overdue first, with the items still unsigned.
 */
export async function listOverdueAccessReviews(ctx: TenantContext): Promise<OverdueAccessReview[]> {
  requirePermission(ctx, ACCESS_REVIEWS_MANAGE);
  const today = todayOf(now());
  const rows = await ctx.db
    .select({
      id: accessReviewCampaigns.id,
      name: accessReviewCampaigns.name,
      status: accessReviewCampaigns.status,
      dueOn: accessReviewCampaigns.dueOn,
      ownerName: accessReviewCampaigns.ownerName,
      escalatedAt: accessReviewCampaigns.escalatedAt,
      openItems: sql<number>`(select count(*)::int from access_review_items i
        where i.tenant_id = access_review_campaigns.tenant_id and i.campaign_id = access_review_campaigns.id and i.signed_at is null)`,
    })
    .from(accessReviewCampaigns)
    .where(
      and(
        eq(accessReviewCampaigns.tenantId, ctx.tenant.id),
        eq(accessReviewCampaigns.status, 'open'),
        lt(accessReviewCampaigns.dueOn, today),
      ),
    )
    .orderBy(asc(accessReviewCampaigns.dueOn), asc(accessReviewCampaigns.name), asc(accessReviewCampaigns.id));
  return rows
    .filter((r) => isOverdue(r, now()))
    .map((r) => ({
      id: r.id,
      name: r.name,
      dueOn: r.dueOn,
      daysOverdue: daysBetween(r.dueOn, today),
      ownerName: r.ownerName,
      openItems: Number(r.openItems),
      escalatedAt: r.escalatedAt ? new Date(r.escalatedAt).toISOString() : null,
    }));
}

/** A campaign with items waiting for the signed-in reviewer. */
export type WaitingAccessReview = { id: string; name: string; dueOn: string; overdue: boolean; openItems: number };

/**
 * The open campaigns where the acting person has items not yet signed, with how many (any member: it is their
 * own work). Empty for API keys and jobs.
 */
export async function listAccessReviewsWaitingForMe(ctx: TenantContext): Promise<WaitingAccessReview[]> {
  if (ctx.actor.type !== 'user') return [];
  const at = now();
  const rows = await ctx.db
    .select({
      id: accessReviewCampaigns.id,
      name: accessReviewCampaigns.name,
      status: accessReviewCampaigns.status,
      dueOn: accessReviewCampaigns.dueOn,
      openItems: count(accessReviewItems.id),
    })
    .from(accessReviewItems)
    .innerJoin(
      accessReviewCampaigns,
      and(eq(accessReviewCampaigns.tenantId, accessReviewItems.tenantId), eq(accessReviewCampaigns.id, accessReviewItems.campaignId)),
    )
    .where(
      and(
        eq(accessReviewItems.tenantId, ctx.tenant.id),
        eq(accessReviewItems.reviewerId, ctx.actor.id),
        isNull(accessReviewItems.signedAt),
        eq(accessReviewCampaigns.status, 'open'),
      ),
    )
    .groupBy(accessReviewCampaigns.id, accessReviewCampaigns.name, accessReviewCampaigns.status, accessReviewCampaigns.dueOn)
    .orderBy(asc(accessReviewCampaigns.dueOn), asc(accessReviewCampaigns.name));
  return rows.map((r) => ({ id: r.id, name: r.name, dueOn: r.dueOn, overdue: isOverdue(r, at), openItems: Number(r.openItems) }));
}

/** What the dashboard shows about access reviews: overdue campaigns (managers only, else null) and the reviewer's own. */
export async function accessReviewDashboard(
  ctx: TenantContext,
): Promise<{ overdue: OverdueAccessReview[] | null; waitingForMe: WaitingAccessReview[] }> {
  return {
    overdue: hasPermission(ctx, ACCESS_REVIEWS_MANAGE) ? await listOverdueAccessReviews(ctx) : null,
    waitingForMe: await listAccessReviewsWaitingForMe(ctx),
  };
}

export type AccessReviewManager = { userId: string; email: string; name: string };

/**
 * The tenant's admins for access reviews: active members of active accounts who hold `access_reviews.manage`
 * through a role, a team's role or a direct grant, and are not denied it.
 */
export async function accessReviewManagers(tx: Tx, tenantId: string): Promise<AccessReviewManager[]> {
  const permission = ACCESS_REVIEWS_MANAGE;
  return rowsOf<{ user_id: string; email: string; name: string | null }>(
    await tx.execute(sql`
      select u.id as user_id, u.email, u.name
        from memberships m join users u on u.id = m.user_id
       where m.tenant_id = ${tenantId} and m.status = 'active' and u.deactivated_at is null
         and (exists (select 1 from member_roles mr join role_permissions rp on rp.role_id = mr.role_id
                       where mr.membership_id = m.id and rp.permission = ${permission})
           or exists (select 1 from team_members tm join team_roles tr on tr.team_id = tm.team_id
                        join role_permissions rp on rp.role_id = tr.role_id
                       where tm.membership_id = m.id and rp.permission = ${permission})
           or exists (select 1 from member_overrides o
                       where o.membership_id = m.id and o.permission = ${permission} and o.effect = 'grant'))
         and not exists (select 1 from member_overrides o
                          where o.membership_id = m.id and o.permission = ${permission} and o.effect = 'deny')
       order by u.email`),
  ).map((r) => ({ userId: r.user_id, email: r.email, name: r.name || r.email }));
}
