import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { memberOverrides, memberRoles, memberships } from '@/db/schema';
import { accessReviewItems } from '@/db/schema/access-reviews';
import { actingUserId } from '@/lib/acting-person';
import { PERMISSIONS } from '@/lib/access/permissions';
import { setOverrides } from '@/lib/access/set-overrides';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { conflict, DomainError } from '@/lib/errors';
import { now } from '@/lib/platform/clock';
import { insertSignature, verifySignature } from '@/lib/quality/signatures';
import { removeMember } from '@/lib/tenancy/remove-member';
import { updateMember } from '@/lib/tenancy/update-member';
import { parseInput } from '@/lib/validation';
import { assertMayActOnItem } from './decide-review-item';
import { loadVisibleCampaign } from './list-access-reviews';
import { mayChangeDecision, planAppliedChange } from './policy';
import { itemView, type ItemRow } from './review-queries';
import { signReviewDecisionsSchema, type SignedReviewDecisions, type SignReviewDecisionsInput } from './schemas';

/** What a reviewer's signature covers of an item: the member, the access seen, and the decision. */
export const reviewItemCanonical = (i: ItemRow) => ({
  record: 'access_review_item',
  id: i.id,
  campaignId: i.campaignId,
  reviewerId: i.reviewerId,
  membershipId: i.membershipId,
  subjectUserId: i.subjectUserId,
  snapshot: i.snapshot,
  decision: i.decision,
  change: i.change,
  comment: i.comment,
});

/**
 * `POST …/access-reviews/{id}/sign`: the reviewer signs every decided, unsigned item of theirs in an open campaign
 * with one password entry (Part 11, record type `access_review_item`, meaning `reviewed`, one signature row per
 * item). In the same transaction each revoke and modify takes effect through the member functions
 * (lib/tenancy/update-member.ts, lib/access/set-overrides.ts, lib/tenancy/remove-member.ts), each of which writes its
 * own audit event; `access_review.change_applied` names the campaign and the item beside it, and the item keeps
 * `appliedChange`. What no longer applies (a role already gone, the member already left, the tenant's last full
 * admin) is noted in `appliedChange.notes`, not an error. Nothing decided is 409; a wrong password changes nothing.
 *
 * The reviewer acts with the campaign's authority: its owner (`access_reviews.manage`) chose them, so taking access
 * away does not also need `members.update`/`members.remove` or to be within the reviewer's own power, and the
 * signature just made (the password re-entered) stands for the step-up those functions would ask of a person.
 * Modify gives only roles the reviewer could grant (checked when deciding, ./decide-review-item.ts).
 */
export async function signReviewDecisions(
  ctx: TenantContext,
  campaignId: string,
  input: SignReviewDecisionsInput,
): Promise<SignedReviewDecisions> {
  const data = parseInput(signReviewDecisionsSchema, input);
  const campaign = await loadVisibleCampaign(ctx, campaignId, { forUpdate: true });
  const reviewerId = actingUserId(ctx.actor);
  const open = mayChangeDecision({ signedAt: null }, campaign);
  if (!open.allowed) throw conflict(open.reason);
  const items = reviewerId
    ? await ctx.db
        .select()
        .from(accessReviewItems)
        .where(
          and(
            eq(accessReviewItems.tenantId, ctx.tenant.id),
            eq(accessReviewItems.campaignId, campaign.id),
            eq(accessReviewItems.reviewerId, reviewerId),
            isNotNull(accessReviewItems.decision),
            isNull(accessReviewItems.signedAt),
          ),
        )
        .orderBy(asc(accessReviewItems.subjectName), asc(accessReviewItems.id))
        .for('update')
    : [];
  if (items.length === 0) throw conflict('You have no decided, unsigned items in this campaign: decide first, then sign.');
  for (const item of items) assertMayActOnItem(ctx, item);

  const signer = await verifySignature(ctx, data.signature, 'reviewed', { type: 'access_review', id: campaign.id });

  const signed: ItemRow[] = [];
  for (const item of items) {
    const applied = item.decision === 'keep' || !item.change ? null : await applyChange(ctx, item);
    const signature = await insertSignature(ctx, {
      recordType: 'access_review_item',
      recordId: item.id,
      signer,
      meaning: 'reviewed',
      reason: item.comment,
      canonical: reviewItemCanonical(item),
    });
    const [after] = await ctx.db
      .update(accessReviewItems)
      .set({ signatureId: signature.id, signedAt: signature.signedAt, appliedChange: applied })
      .where(and(eq(accessReviewItems.tenantId, ctx.tenant.id), eq(accessReviewItems.id, item.id)))
      .returning();
    if (applied) {
      await recordAudit(ctx, {
        action: 'access_review.change_applied',
        targetType: 'member',
        targetId: item.membershipId,
        before: null,
        after: {
          campaignId: campaign.id,
          itemId: item.id,
          userId: item.subjectUserId,
          member: item.subjectName || item.subjectEmail,
          decision: item.decision,
          requested: item.change,
          applied,
          signatureId: signature.id,
        },
        reason: item.comment,
      });
    }
    signed.push(after);
  }
  await recordAudit(ctx, {
    action: 'access_review.decisions_signed',
    targetType: 'access_review',
    targetId: campaign.id,
    before: null,
    after: {
      campaignId: campaign.id,
      name: campaign.name,
      items: signed.map((i) => ({ itemId: i.id, memberId: i.membershipId, decision: i.decision, signatureId: i.signatureId })),
      signer: { id: signer.id, name: signer.name },
      meaning: 'reviewed',
    },
  });
  return { signed: signed.length, data: signed.map(itemView) };
}

/** Errors of the member functions that mean "this no longer applies" rather than "the request is wrong". */
const NOTED = new Set(['conflict', 'not_found', 'forbidden']);

/** Take the item's change into effect now, in a savepoint: a change refused by the member rules is noted and rolled back alone. */
async function applyChange(ctx: TenantContext, item: ItemRow) {
  const tenantId = ctx.tenant.id;
  const [membership] = await ctx.db
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, item.membershipId)));
  const member = membership !== undefined && membership.status !== 'removed';
  const roleIds = member
    ? (
        await ctx.db
          .select({ id: memberRoles.roleId })
          .from(memberRoles)
          .where(and(eq(memberRoles.tenantId, tenantId), eq(memberRoles.membershipId, item.membershipId)))
      ).map((r) => r.id)
    : [];
  const overrides = member
    ? await ctx.db
        .select({ permission: memberOverrides.permission, effect: memberOverrides.effect })
        .from(memberOverrides)
        .where(and(eq(memberOverrides.tenantId, tenantId), eq(memberOverrides.membershipId, item.membershipId)))
    : [];
  const roleNames = new Map(item.snapshot.roles.map((r) => [r.id, r.name]));
  const plan = planAppliedChange(item.change!, { member, roleIds, overrides }, (id) => roleNames.get(id) ?? id);

  // The campaign's authority (see above): every catalog permission, acting on nobody's own membership, the signature as step-up.
  const authority: TenantContext = {
    ...ctx,
    actor: ctx.actor.type === 'user' ? { ...ctx.actor, mfaVerifiedAt: now() } : ctx.actor,
    membershipId: null,
    permissions: new Set<string>([...ctx.permissions, ...PERMISSIONS]),
  };
  try {
    await ctx.db.transaction(async (db) => {
      const inner = { ...authority, db };
      if (plan.removeMembership) await removeMember(inner, item.membershipId);
      if (plan.roleIds) await updateMember(inner, item.membershipId, { roles: plan.roleIds });
      if (plan.overrides) await setOverrides(inner, item.membershipId, plan.overrides);
    });
    return plan.applied;
  } catch (error) {
    if (!(error instanceof DomainError) || !NOTED.has(error.code)) throw error;
    return { notes: [...(plan.applied.notes ?? []), `Not applied: ${error.message}`] };
  }
}
