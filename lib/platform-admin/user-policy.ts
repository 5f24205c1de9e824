/**
 * Rules of the account lifecycle for platform admins, as pure functions: the server loads the facts and calls
 * them (lib/platform-admin/deactivate-user.ts), and the admin users page uses the same ones to decide what to offer.
 */
export type Verdict = { allowed: true } | { allowed: false; reason: string; status: 403 | 409 };

type Person = { id: string; isPlatformAdmin: boolean; deactivated: boolean };

/**
 * May `actorId` deactivate `target`? Never their own account (403), and never the last active platform admin (409:
 * nobody would be left to run the platform). `activePlatformAdmins`: platform admins not deactivated, target included.
 */
export function mayDeactivateUser(actorId: string | null, target: Person, activePlatformAdmins: number): Verdict {
  if (actorId !== null && actorId === target.id) {
    return { allowed: false, status: 403, reason: 'You cannot deactivate your own account.' };
  }
  if (target.isPlatformAdmin && !target.deactivated && activePlatformAdmins <= 1) {
    return { allowed: false, status: 409, reason: 'This is the last active platform admin: make someone else a platform admin first.' };
  }
  return { allowed: true };
}
