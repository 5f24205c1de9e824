import type { AccessReviewChange, AccessReviewDecision, AccessReviewSnapshot, AccessReviewStatus } from '@/db/schema/access-reviews';
import type { FieldError } from '@/lib/errors';

/**
 * The rules of access-review campaigns (issue 21), once, with no database access: the server loads the facts and
 * calls these; the console imports the same functions to decide what to offer and to say why not.
 *
 * - Starting, seeing every campaign and item, and closing need `access_reviews.manage`; only the owner closes.
 * - Reviewers are chosen people who are active members, or the admins: active members holding
 *   `access_reviews.manage` when the campaign starts.
 * - Nobody reviews their own access: no item is made for a reviewer about themselves; a member whose only possible
 *   reviewer is themselves makes the campaign impossible (400 naming `reviewers`); acting on an item about yourself
 *   is 403 `self_review`.
 * - A decision: keep carries nothing; revoke takes away roles the member holds directly, overrides, or the
 *   membership; modify sets the member's new direct roles. Revoke and modify need a comment.
 * - A decision can change while it is unsigned and the campaign is open. The due date is after today.
 */

export const ACCESS_REVIEWS_MANAGE = 'access_reviews.manage';
export const NAME_MAX = 200;
export const COMMENT_MAX = 2000;
export const MAX_CHOSEN_PERMISSIONS = 100;
export const MAX_CHOSEN_REVIEWERS = 100;

export type Verdict = { allowed: true; reason: null } | { allowed: false; reason: string };
const yes: Verdict = { allowed: true, reason: null };
const no = (reason: string): Verdict => ({ allowed: false, reason });

/** Starting a campaign, seeing all campaigns and items. */
export const mayManageAccessReviews = (held: ReadonlySet<string>): boolean => held.has(ACCESS_REVIEWS_MANAGE);

/** Whether a person may see a campaign: managers see every one, reviewers the ones they have items in. */
export function maySeeCampaign(held: ReadonlySet<string>, isReviewer: boolean): boolean {
  return mayManageAccessReviews(held) || isReviewer;
}

/** Which items a person may list: `all` needs `access_reviews.manage`; anyone else sees their own. */
export function reviewerFilterFor(held: ReadonlySet<string>, asked: 'me' | 'all' | undefined): 'me' | 'all' | 'refused' {
  const manager = mayManageAccessReviews(held);
  if (asked === 'all') return manager ? 'all' : 'refused';
  if (asked === 'me') return 'me';
  return manager ? 'all' : 'me';
}

/** Closing: the owner, while open, with `access_reviews.manage`, and every item signed. */
export function mayCloseCampaign(
  campaign: { ownerId: string; status: AccessReviewStatus },
  actor: { userId: string | null; held: ReadonlySet<string> },
  items: { total: number; signed: number },
): Verdict & { code?: 'forbidden' | 'conflict' } {
  if (!mayManageAccessReviews(actor.held))
    return { ...no('Closing a campaign needs the permission access_reviews.manage.'), code: 'forbidden' };
  if (campaign.ownerId !== actor.userId) return { ...no('Only the campaign’s owner (who started it) closes it.'), code: 'forbidden' };
  if (campaign.status === 'closed') return { ...no('This campaign is already closed.'), code: 'conflict' };
  const left = items.total - items.signed;
  if (left > 0)
    return { ...no(`${left} of ${items.total} item${items.total === 1 ? ' is' : 's are'} not yet decided and signed.`), code: 'conflict' };
  return yes;
}

/** Today's date (UTC, YYYY-MM-DD) by the clock given. */
export const todayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** The due date must be after today. */
export function dueOnProblem(dueOn: string, at: Date): string | null {
  return dueOn > todayOf(at) ? null : 'The due date must be after today.';
}

/** Open after its due date (the due day itself still counts as in time). */
export function isOverdue(campaign: { status: AccessReviewStatus; dueOn: string }, at: Date): boolean {
  return campaign.status === 'open' && campaign.dueOn < todayOf(at);
}

export type ReviewerCandidate = { userId: string; name: string };
export type ScopeMember = { membershipId: string; userId: string; name: string; email: string };

/**
 * Pair every member in scope with every reviewer but themselves. A member whose only reviewer is themselves is an
 * error naming `reviewers` (their access would go unreviewed); an empty scope is an error naming `scope`; no
 * reviewers at all names `reviewers`.
 */
export function planReviewItems(
  members: readonly ScopeMember[],
  reviewers: readonly ReviewerCandidate[],
): { pairs: Array<{ member: ScopeMember; reviewer: ReviewerCandidate }>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (members.length === 0) errors.push({ path: 'scope', message: 'No active or suspended member is in this scope.' });
  if (reviewers.length === 0) errors.push({ path: 'reviewers', message: 'There is no reviewer: choose active members.' });
  if (errors.length) return { pairs: [], errors };
  const pairs: Array<{ member: ScopeMember; reviewer: ReviewerCandidate }> = [];
  const alone: string[] = [];
  for (const member of members) {
    const others = reviewers.filter((r) => r.userId !== member.userId);
    if (others.length === 0) alone.push(member.name || member.email);
    for (const reviewer of others) pairs.push({ member, reviewer });
  }
  if (alone.length)
    errors.push({
      path: 'reviewers',
      message: `Nobody reviews their own access, and ${alone.join(', ')} would have no other reviewer: add another reviewer.`,
    });
  return { pairs: errors.length ? [] : pairs, errors };
}

/** Chosen reviewers must be active members of the tenant; each one that is not is an error at `reviewers.userIds.<i>`. */
export function chosenReviewerErrors(userIds: readonly string[], activeMemberUserIds: ReadonlySet<string>): FieldError[] {
  return userIds.flatMap((id, i) =>
    activeMemberUserIds.has(id) ? [] : [{ path: `reviewers.userIds.${i}`, message: 'Not an active member of this tenant.' }],
  );
}

/** Who may act on an item (decide it or sign it): its reviewer, never about themselves. */
export function mayActOnItem(
  item: { reviewerId: string; subjectUserId: string },
  actorUserId: string | null,
): Verdict & { code?: 'self_review' | 'forbidden' } {
  if (actorUserId !== null && item.subjectUserId === actorUserId)
    return { ...no('Nobody reviews their own access: another reviewer decides on this item.'), code: 'self_review' };
  if (item.reviewerId !== actorUserId) return { ...no('This item is another reviewer’s to decide.'), code: 'forbidden' };
  return yes;
}

/** A decision can still change while the item is unsigned and the campaign open. */
export function mayChangeDecision(item: { signedAt: Date | string | null }, campaign: { status: AccessReviewStatus }): Verdict {
  if (campaign.status !== 'open') return no('This campaign is closed: its decisions are final.');
  if (item.signedAt) return no('This decision is signed and can no longer change.');
  return yes;
}

export type DecisionInput = {
  decision: AccessReviewDecision;
  comment?: string;
  change?: { roleIds?: string[]; overrides?: string[]; membership?: boolean; setRoleIds?: string[] };
};

/**
 * Check a decision against the member's access at the campaign's start and turn role references (ids or exact
 * names of the roles in the snapshot) into ids. `setRoleIds` (modify) may name any role of the tenant: the caller
 * resolves those against the database and passes them in `resolvedSetRoleIds`.
 */
export function checkDecision(
  input: DecisionInput,
  snapshot: AccessReviewSnapshot,
  resolvedSetRoleIds?: string[],
): { change: AccessReviewChange | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const change = input.change ?? {};
  const comment = input.comment?.trim() ?? '';
  const has = {
    roles: (change.roleIds?.length ?? 0) > 0,
    overrides: (change.overrides?.length ?? 0) > 0,
    membership: change.membership === true,
    set: change.setRoleIds !== undefined,
  };
  if (input.decision !== 'keep' && comment === '')
    errors.push({ path: 'comment', message: `Say why: a ${input.decision} decision needs a comment.` });

  if (input.decision === 'keep') {
    if (has.roles || has.overrides || has.membership || has.set)
      errors.push({ path: 'change', message: 'Keeping changes nothing: leave out change.' });
    return { change: null, errors };
  }

  if (input.decision === 'modify') {
    if (has.roles || has.overrides || has.membership)
      errors.push({ path: 'change', message: 'Modify sets the member’s roles (setRoleIds); to take something away, revoke it.' });
    if (!has.set) errors.push({ path: 'change.setRoleIds', message: 'Modify needs the member’s new set of roles.' });
    if (errors.length) return { change: null, errors };
    const ids = [...new Set(resolvedSetRoleIds ?? [])].sort();
    const before = snapshot.roles.map((r) => r.id).sort();
    if (ids.length === before.length && ids.every((id, i) => id === before[i]))
      errors.push({ path: 'change.setRoleIds', message: 'These are the roles the member already holds: decide keep instead.' });
    return { change: errors.length ? null : { setRoleIds: ids }, errors };
  }

  // revoke
  if (has.set) errors.push({ path: 'change.setRoleIds', message: 'A revoke takes away; to set the member’s roles, modify.' });
  if (!has.roles && !has.overrides && !has.membership)
    errors.push({ path: 'change', message: 'Say what to revoke: roles, overrides or the membership.' });
  if (has.membership && (has.roles || has.overrides))
    errors.push({ path: 'change.membership', message: 'Revoking the membership takes everything: leave out roles and overrides.' });
  const roleIds: string[] = [];
  (change.roleIds ?? []).forEach((ref, i) => {
    const role = snapshot.roles.find((r) => r.id === ref) ?? snapshot.roles.find((r) => r.name === ref);
    if (!role) errors.push({ path: `change.roleIds.${i}`, message: 'The member did not hold this role when the review started.' });
    else if (!roleIds.includes(role.id)) roleIds.push(role.id);
  });
  const overrides: string[] = [];
  (change.overrides ?? []).forEach((key, i) => {
    if (!snapshot.overrides.some((o) => o.permission === key))
      errors.push({ path: `change.overrides.${i}`, message: 'The member had no override of this permission when the review started.' });
    else if (!overrides.includes(key)) overrides.push(key);
  });
  if (errors.length) return { change: null, errors };
  if (has.membership) return { change: { membership: true }, errors };
  return { change: { ...(roleIds.length ? { roleIds } : {}), ...(overrides.length ? { overrides } : {}) }, errors };
}

/**
 * What a signed decision does to the member's access now (the snapshot may be stale): the direct roles to keep, the
 * overrides to keep, whether to remove the membership, and notes for what no longer applies.
 */
export function planAppliedChange(
  change: AccessReviewChange,
  now: { member: boolean; roleIds: readonly string[]; overrides: ReadonlyArray<{ permission: string; effect: 'grant' | 'deny' }> },
  names: (roleId: string) => string,
): {
  removeMembership: boolean;
  roleIds: string[] | null;
  overrides: { grant: string[]; deny: string[] } | null;
  applied: AccessReviewChange;
} {
  const notes: string[] = [];
  if (!now.member) {
    return {
      removeMembership: false,
      roleIds: null,
      overrides: null,
      applied: { notes: ['The member had already left the tenant: nothing changed.'] },
    };
  }
  if (change.membership) return { removeMembership: true, roleIds: null, overrides: null, applied: { membership: true } };
  const applied: AccessReviewChange = {};
  let roleIds: string[] | null = null;
  if (change.setRoleIds) {
    const current = [...now.roleIds].sort();
    const wanted = [...change.setRoleIds].sort();
    if (current.length === wanted.length && current.every((id, i) => id === wanted[i]))
      notes.push('The member already held exactly these roles.');
    else {
      roleIds = wanted;
      applied.setRoleIds = wanted;
    }
  }
  if (change.roleIds?.length) {
    const gone = change.roleIds.filter((id) => !now.roleIds.includes(id));
    for (const id of gone) notes.push(`Role ${names(id)} was already gone.`);
    const removed = change.roleIds.filter((id) => now.roleIds.includes(id));
    if (removed.length) {
      roleIds = now.roleIds.filter((id) => !removed.includes(id));
      applied.roleIds = removed;
    }
  }
  let overrides: { grant: string[]; deny: string[] } | null = null;
  if (change.overrides?.length) {
    const held = new Set(now.overrides.map((o) => o.permission));
    for (const key of change.overrides.filter((k) => !held.has(k))) notes.push(`The override of ${key} was already gone.`);
    const removed = change.overrides.filter((k) => held.has(k));
    if (removed.length) {
      const left = now.overrides.filter((o) => !removed.includes(o.permission));
      overrides = {
        grant: left.filter((o) => o.effect === 'grant').map((o) => o.permission),
        deny: left.filter((o) => o.effect === 'deny').map((o) => o.permission),
      };
      applied.overrides = removed;
    }
  }
  if (notes.length) applied.notes = notes;
  return { removeMembership: false, roleIds, overrides, applied };
}

/** Items total, decided and signed, and whether any decided one still awaits its signature. */
export function progressOf(items: ReadonlyArray<{ decision: AccessReviewDecision | null; signedAt: Date | string | null }>) {
  return {
    total: items.length,
    decided: items.filter((i) => i.decision !== null).length,
    signed: items.filter((i) => i.signedAt !== null).length,
  };
}
