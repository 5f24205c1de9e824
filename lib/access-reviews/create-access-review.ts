import { and, eq } from 'drizzle-orm';
import { systems, teamMembers, teams } from '@/db/schema';
import { accessReviewCampaigns, accessReviewItems, type AccessReviewScope } from '@/db/schema/access-reviews';
import { actingPerson } from '@/lib/acting-person';
import { isPermission } from '@/lib/access/permissions';
import { requirePermission } from '@/lib/access/require-permission';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { validationFailed, type FieldError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { parseInput } from '@/lib/validation';
import { ACCESS_REVIEWS_MANAGE, chosenReviewerErrors, dueOnProblem, planReviewItems, type ReviewerCandidate } from './policy';
import { campaignView, loadItemRows, loadTenantMembers, snapshotsOf, type TenantMember } from './review-queries';
import { createAccessReviewSchema, type AccessReviewView, type CreateAccessReviewInput } from './schemas';

/**
 * `POST /api/v1/tenants/{tenant}/access-reviews`: start a campaign (`access_reviews.manage`). The scope is resolved
 * now (active and suspended members; removed ones are gone): everyone, one team's members, the members who reach a
 * system (a role scoped to it, or any of its keys), or the holders of any chosen permission. Each reviewer gets one
 * item per member in scope but themselves, with a snapshot of that member's access (./review-queries.ts). An empty
 * scope is 400 naming `scope`; a member whose only reviewer would be themselves is 400 naming `reviewers`.
 * `previousCampaignId`: set by the recurring schedule when it starts the next campaign of a series.
 * Audited as `access_review.started`.
 */
export async function createAccessReview(
  ctx: TenantContext,
  input: CreateAccessReviewInput,
  options: { previousCampaignId?: string } = {},
): Promise<AccessReviewView> {
  requirePermission(ctx, ACCESS_REVIEWS_MANAGE);
  const data = parseInput(createAccessReviewSchema, input);
  const errors: FieldError[] = [];
  const dueProblem = dueOnProblem(data.dueOn, now());
  if (dueProblem) errors.push({ path: 'dueOn', message: dueProblem });
  errors.push(...(await scopeErrors(ctx, data.scope)));
  if (errors.length) throw validationFailed(errors);

  const members = await loadTenantMembers(ctx);
  const inScope = await membersInScope(ctx, data.scope, members);
  const active = members.filter((m) => m.status === 'active');
  let reviewers: ReviewerCandidate[];
  if (data.reviewers.type === 'people') {
    const reviewerErrors = chosenReviewerErrors(data.reviewers.userIds, new Set(active.map((m) => m.userId)));
    if (reviewerErrors.length) throw validationFailed(reviewerErrors);
    const byUser = new Map(active.map((m) => [m.userId, m]));
    reviewers = data.reviewers.userIds.map((id) => ({ userId: id, name: byUser.get(id)!.name || byUser.get(id)!.email }));
  } else {
    reviewers = active
      .filter((m) => !m.access.accountDeactivated && m.access.permissions.has(ACCESS_REVIEWS_MANAGE))
      .map((m) => ({ userId: m.userId, name: m.name || m.email }));
  }
  const plan = planReviewItems(inScope, reviewers);
  if (plan.errors.length) throw validationFailed(plan.errors);

  const owner = actingPerson(ctx.actor);
  const [campaign] = await ctx.db
    .insert(accessReviewCampaigns)
    .values({
      tenantId: ctx.tenant.id,
      name: data.name,
      scope: data.scope,
      reviewers: data.reviewers,
      dueOn: data.dueOn,
      recurrence: data.recurrence ?? 'none',
      previousCampaignId: options.previousCampaignId ?? null,
      ownerId: owner.id,
      ownerName: owner.name,
      createdAt: now(),
    })
    .returning();
  const snapshots = await snapshotsOf(ctx, inScope);
  await ctx.db.insert(accessReviewItems).values(
    plan.pairs.map(({ member, reviewer }) => ({
      tenantId: ctx.tenant.id,
      campaignId: campaign.id,
      reviewerId: reviewer.userId,
      reviewerName: reviewer.name,
      membershipId: member.membershipId,
      subjectUserId: member.userId,
      subjectName: member.name,
      subjectEmail: member.email,
      snapshot: snapshots.get(member.membershipId)!,
    })),
  );
  await recordAudit(ctx, {
    action: 'access_review.started',
    targetType: 'access_review',
    targetId: campaign.id,
    before: null,
    after: {
      name: campaign.name,
      scope: campaign.scope,
      reviewers: reviewers.map((r) => ({ id: r.userId, name: r.name })),
      dueOn: campaign.dueOn,
      recurrence: campaign.recurrence,
      previousCampaignId: campaign.previousCampaignId,
      members: inScope.length,
      items: plan.pairs.length,
    },
  });
  return campaignView(campaign, await loadItemRows(ctx, [campaign.id]));
}

/** A team, system or permission named by the scope must exist in this tenant (400 naming the field). */
async function scopeErrors(ctx: TenantContext, scope: AccessReviewScope): Promise<FieldError[]> {
  const tenantId = ctx.tenant.id;
  if (scope.type === 'team') {
    const [team] = await ctx.db
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.tenantId, tenantId), eq(teams.id, scope.teamId)));
    return team ? [] : [{ path: 'scope.teamId', message: 'No such team in this tenant.' }];
  }
  if (scope.type === 'system') {
    const [system] = await ctx.db
      .select({ id: systems.id })
      .from(systems)
      .where(and(eq(systems.tenantId, tenantId), eq(systems.id, scope.systemId)));
    return system ? [] : [{ path: 'scope.systemId', message: 'No such system in this tenant.' }];
  }
  if (scope.type === 'permissions') {
    const systemKeys = new Set<string>();
    for (const row of await ctx.db
      .select({ slug: systems.slug, permissions: systems.permissions })
      .from(systems)
      .where(eq(systems.tenantId, tenantId))) {
      for (const key of row.permissions) systemKeys.add(key.startsWith(`${row.slug}:`) ? key : `${row.slug}:${key}`);
    }
    return scope.permissions.flatMap((key, i) =>
      isPermission(key) || systemKeys.has(key) ? [] : [{ path: `scope.permissions.${i}`, message: `Unknown permission ${key}.` }],
    );
  }
  return [];
}

async function membersInScope(ctx: TenantContext, scope: AccessReviewScope, members: TenantMember[]): Promise<TenantMember[]> {
  switch (scope.type) {
    case 'all':
      return members;
    case 'team': {
      const ids = new Set(
        (
          await ctx.db
            .select({ membershipId: teamMembers.membershipId })
            .from(teamMembers)
            .where(and(eq(teamMembers.tenantId, ctx.tenant.id), eq(teamMembers.teamId, scope.teamId)))
        ).map((r) => r.membershipId),
      );
      return members.filter((m) => ids.has(m.membershipId));
    }
    case 'system': {
      const [system] = await ctx.db
        .select({ id: systems.id, slug: systems.slug })
        .from(systems)
        .where(and(eq(systems.tenantId, ctx.tenant.id), eq(systems.id, scope.systemId)));
      return members.filter(
        (m) =>
          m.access.heldRoles.some((r) => r.systemId === system.id) ||
          [...m.access.permissions].some((p) => p.startsWith(`${system.slug}:`)),
      );
    }
    case 'permissions':
      return members.filter((m) => scope.permissions.some((p) => m.access.permissions.has(p)));
  }
}
