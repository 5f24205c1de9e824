import { describe, expect, it } from 'vitest';
import type { AccessReviewSnapshot } from '@/db/schema/access-reviews';
import {
  checkDecision,
  chosenReviewerErrors,
  dueOnProblem,
  isOverdue,
  mayActOnItem,
  mayChangeDecision,
  mayCloseCampaign,
  planAppliedChange,
  planReviewItems,
  progressOf,
  reviewerFilterFor,
} from '@/lib/access-reviews/policy';

// The rules of access-review campaigns (lib/access-reviews/policy.ts), without a database.

const manage = new Set(['access_reviews.manage', 'members.read']);
const plain = new Set(['batches.read']);
const member = (userId: string, name = userId) => ({ membershipId: `m-${userId}`, userId, name, email: `${userId}@example.test` });
const reviewer = (userId: string) => ({ userId, name: userId });

const snapshot: AccessReviewSnapshot = {
  status: 'active',
  roles: [
    { id: 'r-op', name: 'operator', system: null },
    { id: 'r-lab', name: 'Lab reader', system: 'LIMS' },
  ],
  teams: [],
  overrides: [{ permission: 'batches.create', effect: 'allow' }],
  systems: [],
  lastActiveAt: null,
  secondFactor: { totp: false, passkeys: 0 },
};

describe('planning items: nobody reviews their own access', () => {
  it('pairs every member with every reviewer but themselves', () => {
    const plan = planReviewItems([member('a'), member('b'), member('c')], [reviewer('a'), reviewer('b')]);
    expect(plan.errors).toEqual([]);
    expect(plan.pairs.map((p) => `${p.reviewer.userId}→${p.member.userId}`).sort()).toEqual(['a→b', 'a→c', 'b→a', 'b→c']);
  });

  it('a member whose only reviewer is themselves: an error naming reviewers, and no items', () => {
    const plan = planReviewItems([member('a', 'Ada'), member('b')], [reviewer('a')]);
    expect(plan.pairs).toEqual([]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0].path).toBe('reviewers');
    expect(plan.errors[0].message).toContain('Ada');
  });

  it('an empty scope names scope; no reviewers names reviewers', () => {
    expect(planReviewItems([], [reviewer('a')]).errors.map((e) => e.path)).toEqual(['scope']);
    expect(planReviewItems([member('a')], []).errors.map((e) => e.path)).toEqual(['reviewers']);
  });

  it('chosen reviewers must be active members, each named by index', () => {
    expect(chosenReviewerErrors(['a', 'x', 'b'], new Set(['a', 'b'])).map((e) => e.path)).toEqual(['reviewers.userIds.1']);
  });
});

describe('acting on an item', () => {
  it('refuses the subject (self_review) before anything else, and anyone but the reviewer', () => {
    expect(mayActOnItem({ reviewerId: 'a', subjectUserId: 'b' }, 'a').allowed).toBe(true);
    expect(mayActOnItem({ reviewerId: 'a', subjectUserId: 'b' }, 'b')).toMatchObject({ allowed: false, code: 'self_review' });
    expect(mayActOnItem({ reviewerId: 'a', subjectUserId: 'b' }, 'c')).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(mayActOnItem({ reviewerId: 'a', subjectUserId: 'b' }, null)).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('a decision changes only while unsigned and the campaign open', () => {
    expect(mayChangeDecision({ signedAt: null }, { status: 'open' }).allowed).toBe(true);
    expect(mayChangeDecision({ signedAt: new Date() }, { status: 'open' }).allowed).toBe(false);
    expect(mayChangeDecision({ signedAt: null }, { status: 'closed' }).allowed).toBe(false);
  });

  it('who lists which items', () => {
    expect(reviewerFilterFor(manage, undefined)).toBe('all');
    expect(reviewerFilterFor(manage, 'me')).toBe('me');
    expect(reviewerFilterFor(plain, undefined)).toBe('me');
    expect(reviewerFilterFor(plain, 'all')).toBe('refused');
  });
});

describe('what a decision may carry', () => {
  const paths = (r: ReturnType<typeof checkDecision>) => r.errors.map((e) => e.path);

  it('keep carries nothing and needs no comment', () => {
    expect(checkDecision({ decision: 'keep' }, snapshot)).toEqual({ change: null, errors: [] });
    expect(paths(checkDecision({ decision: 'keep', change: { membership: true } }, snapshot))).toEqual(['change']);
  });

  it('revoke: roles the member held (by id or name), overrides they had, or the membership alone; with a comment', () => {
    expect(checkDecision({ decision: 'revoke', comment: 'Moved', change: { roleIds: ['operator', 'r-lab'] } }, snapshot)).toEqual({
      change: { roleIds: ['r-op', 'r-lab'] },
      errors: [],
    });
    expect(checkDecision({ decision: 'revoke', comment: 'Temporary', change: { overrides: ['batches.create'] } }, snapshot).change).toEqual(
      {
        overrides: ['batches.create'],
      },
    );
    expect(checkDecision({ decision: 'revoke', comment: 'Left', change: { membership: true } }, snapshot).change).toEqual({
      membership: true,
    });
    expect(paths(checkDecision({ decision: 'revoke', change: { membership: true } }, snapshot))).toEqual(['comment']);
    expect(paths(checkDecision({ decision: 'revoke', comment: 'x' }, snapshot))).toEqual(['change']);
    expect(paths(checkDecision({ decision: 'revoke', comment: 'x', change: { roleIds: ['admin'] } }, snapshot))).toEqual([
      'change.roleIds.0',
    ]);
    expect(paths(checkDecision({ decision: 'revoke', comment: 'x', change: { overrides: ['tenant.delete'] } }, snapshot))).toEqual([
      'change.overrides.0',
    ]);
    expect(
      paths(checkDecision({ decision: 'revoke', comment: 'x', change: { membership: true, roleIds: ['operator'] } }, snapshot)),
    ).toEqual(['change.membership']);
    expect(paths(checkDecision({ decision: 'revoke', comment: '   ', change: { membership: true } }, snapshot))).toEqual(['comment']);
  });

  it('modify: the new set of roles, different from the held one, with a comment', () => {
    expect(checkDecision({ decision: 'modify', comment: 'Read only', change: { setRoleIds: ['x'] } }, snapshot, ['r-view'])).toEqual({
      change: { setRoleIds: ['r-view'] },
      errors: [],
    });
    expect(
      paths(checkDecision({ decision: 'modify', comment: 'Same', change: { setRoleIds: ['x'] } }, snapshot, ['r-lab', 'r-op'])),
    ).toEqual(['change.setRoleIds']);
    expect(paths(checkDecision({ decision: 'modify', comment: 'x' }, snapshot))).toEqual(['change.setRoleIds']);
    expect(paths(checkDecision({ decision: 'modify', comment: 'x', change: { membership: true, setRoleIds: [] } }, snapshot, []))).toEqual([
      'change',
    ]);
    expect(paths(checkDecision({ decision: 'modify', change: { setRoleIds: ['x'] } }, snapshot, ['r-view']))).toEqual(['comment']);
  });
});

describe('applying a signed decision to the access as it is now', () => {
  const names = (id: string) => ({ 'r-op': 'operator', 'r-lab': 'Lab reader' })[id] ?? id;
  const now = {
    member: true,
    roleIds: ['r-op', 'r-view'],
    overrides: [
      { permission: 'batches.create', effect: 'grant' as const },
      { permission: 'audit.read', effect: 'deny' as const },
    ],
  };

  it('removes what is still there and notes what is already gone', () => {
    const plan = planAppliedChange({ roleIds: ['r-op', 'r-lab'] }, now, names);
    expect(plan.roleIds).toEqual(['r-view']);
    expect(plan.applied).toEqual({ roleIds: ['r-op'], notes: ['Role Lab reader was already gone.'] });
  });

  it('overrides keep the others, grants and denies apart', () => {
    const plan = planAppliedChange({ overrides: ['batches.create'] }, now, names);
    expect(plan.overrides).toEqual({ grant: [], deny: ['audit.read'] });
    expect(plan.applied).toEqual({ overrides: ['batches.create'] });
  });

  it('the membership; a member who already left changes nothing', () => {
    expect(planAppliedChange({ membership: true }, now, names)).toMatchObject({ removeMembership: true, applied: { membership: true } });
    const gone = planAppliedChange({ membership: true }, { member: false, roleIds: [], overrides: [] }, names);
    expect(gone.removeMembership).toBe(false);
    expect(gone.applied.notes?.[0]).toMatch(/already left/);
  });

  it('modify sets the roles, unless they are already exactly those', () => {
    expect(planAppliedChange({ setRoleIds: ['r-view'] }, now, names)).toMatchObject({
      roleIds: ['r-view'],
      applied: { setRoleIds: ['r-view'] },
    });
    const same = planAppliedChange({ setRoleIds: ['r-view', 'r-op'] }, now, names);
    expect(same.roleIds).toBeNull();
    expect(same.applied.notes).toHaveLength(1);
  });
});

describe('the campaign: due date, overdue, progress, closing', () => {
  const at = new Date('2027-03-10T12:00:00Z');

  it('the due date is after today; overdue is open past the due day', () => {
    expect(dueOnProblem('2027-03-11', at)).toBeNull();
    expect(dueOnProblem('2027-03-10', at)).not.toBeNull();
    expect(isOverdue({ status: 'open', dueOn: '2027-03-10' }, at)).toBe(false);
    expect(isOverdue({ status: 'open', dueOn: '2027-03-09' }, at)).toBe(true);
    expect(isOverdue({ status: 'closed', dueOn: '2027-03-09' }, at)).toBe(false);
  });

  it('progress counts decided and signed items', () => {
    expect(
      progressOf([
        { decision: null, signedAt: null },
        { decision: 'keep', signedAt: null },
        { decision: 'revoke', signedAt: new Date() },
      ]),
    ).toEqual({ total: 3, decided: 2, signed: 1 });
  });

  it('only the owner with access_reviews.manage closes an open campaign whose items are all signed', () => {
    const campaign = { ownerId: 'o', status: 'open' as const };
    expect(mayCloseCampaign(campaign, { userId: 'o', held: manage }, { total: 2, signed: 2 }).allowed).toBe(true);
    expect(mayCloseCampaign(campaign, { userId: 'x', held: manage }, { total: 2, signed: 2 })).toMatchObject({
      allowed: false,
      code: 'forbidden',
    });
    expect(mayCloseCampaign(campaign, { userId: 'o', held: plain }, { total: 2, signed: 2 })).toMatchObject({
      allowed: false,
      code: 'forbidden',
    });
    const left = mayCloseCampaign(campaign, { userId: 'o', held: manage }, { total: 5, signed: 2 });
    expect(left).toMatchObject({ allowed: false, code: 'conflict' });
    expect(left.reason).toContain('3 of 5');
    expect(mayCloseCampaign({ ...campaign, status: 'closed' }, { userId: 'o', held: manage }, { total: 0, signed: 0 })).toMatchObject({
      allowed: false,
      code: 'conflict',
    });
  });
});
