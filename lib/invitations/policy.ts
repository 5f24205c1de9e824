/**
 * The invitation rules, as pure functions: how seats count, whether invitations fit, and what an inviter may
 * give. No database access: lib/invitations/seats.ts and invite-member.ts load the facts and call these; the
 * console's seats line and invite dialog import the same functions.
 */
import { mayGive, type Held, type Verdict } from '@/lib/access/policy';

/** Seats of a tenant's plan: in use, and the plan's limit (null: unlimited). */
type SeatCount = { used: number; limit: number | null };

/**
 * Seats in use: active members plus pending invitations that have not expired (an expired one frees its seat
 * even before the expiry job marks it; revoked and accepted ones hold none).
 */
export function seatsInUse(facts: { activeMembers: number; pendingUnexpiredInvitations: number }): number {
  return facts.activeMembers + facts.pendingUnexpiredInvitations;
}

/** Seats left (null: unlimited; never below 0). */
export function seatsLeft(seats: SeatCount): number | null {
  return seats.limit === null ? null : Math.max(0, seats.limit - seats.used);
}

/** No seat left for another invitation. */
export function seatsFull(seats: SeatCount): boolean {
  return seats.limit !== null && seats.used >= seats.limit;
}

/** Whether `count` more invitations fit in the plan, and if not, why. */
export function invitationsFit(seats: SeatCount, count = 1): Verdict {
  const left = seatsLeft(seats);
  if (left === null || count <= left) return { allowed: true, missing: [], reason: null };
  return {
    allowed: false,
    missing: [],
    reason:
      left === 0
        ? `All ${seats.limit} seats of this tenant's plan are taken (members and pending invitations). Revoke an invitation, remove a member or ask for a larger plan.`
        : `Only ${left} of ${seats.limit} seats are left for ${count} invitations.`,
  };
}

/**
 * May the inviter give these permissions (what the invitation's roles and teams carry)? An invitation always
 * appoints someone else: the rule of lib/access/policy.ts `mayGive` with `appointingOther`.
 */
export function mayInviteWith(held: Held, permissions: Iterable<string>): Verdict {
  return mayGive(held, permissions, { appointingOther: true });
}
