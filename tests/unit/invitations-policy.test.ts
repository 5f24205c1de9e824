import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '@/lib/access/permissions';
import { invitationsFit, mayInviteWith, seatsFull, seatsInUse, seatsLeft } from '@/lib/invitations/policy';

const roleSet = (name: string) => new Set<string>(DEFAULT_ROLES.find((r) => r.name === name)!.permissions);

describe('seats', () => {
  it('are taken by active members and pending unexpired invitations', () => {
    expect(seatsInUse({ activeMembers: 5, pendingUnexpiredInvitations: 2 })).toBe(7);
    expect(seatsInUse({ activeMembers: 0, pendingUnexpiredInvitations: 0 })).toBe(0);
  });

  it('left and full, with unlimited plans', () => {
    expect(seatsLeft({ used: 7, limit: 25 })).toBe(18);
    expect(seatsLeft({ used: 30, limit: 25 })).toBe(0); // a plan lowered below its use
    expect(seatsLeft({ used: 7, limit: null })).toBeNull();
    expect(seatsFull({ used: 25, limit: 25 })).toBe(true);
    expect(seatsFull({ used: 24, limit: 25 })).toBe(false);
    expect(seatsFull({ used: 1000, limit: null })).toBe(false);
  });

  it('an invitation of N fits when N seats are left', () => {
    expect(invitationsFit({ used: 24, limit: 25 }).allowed).toBe(true);
    expect(invitationsFit({ used: 24, limit: 25 }, 2)).toMatchObject({ allowed: false, reason: expect.stringMatching(/Only 1 of 25/) });
    expect(invitationsFit({ used: 25, limit: 25 })).toMatchObject({ allowed: false, reason: expect.stringMatching(/All 25 seats/) });
    expect(invitationsFit({ used: 10, limit: null }, 100).allowed).toBe(true);
    expect(invitationsFit({ used: 0, limit: 3 }, 3).allowed).toBe(true);
  });
});

describe('what an inviter may give', () => {
  it('is the access rule for appointing someone else: admins may invite QA people, managers may not', () => {
    expect(mayInviteWith(roleSet('admin'), roleSet('qa')).allowed).toBe(true);
    expect(mayInviteWith(roleSet('manager'), roleSet('qa'))).toMatchObject({
      allowed: false,
      missing: ['audit.export', 'batches.release', 'inspections.approve', 'inspections.perform'],
    });
    expect(mayInviteWith(roleSet('manager'), roleSet('viewer')).allowed).toBe(true);
  });
});
