import type { Permission } from '@/lib/access/permissions';
import { LIFECYCLE } from '@/lib/quality/lifecycle';

/**
 * Second-factor rules, pure (no database): whom a tenant's `mfaRequired` setting covers, whether platform
 * administrators need a factor, and whether a session's last second-factor check is recent enough for a
 * sensitive operation (step-up). The server loads the facts and calls these; the console asks the same functions.
 */

export const MFA_REQUIREMENTS = ['off', 'admins', 'signers', 'everyone'] as const;
export type MfaRequirement = (typeof MFA_REQUIREMENTS)[number];

/** "Admins": whoever can change who has access — manage members (invite, change, remove) or roles. */
export const MFA_ADMIN_PERMISSIONS: readonly Permission[] = ['members.invite', 'members.update', 'members.remove', 'roles.manage'];

/**
 * "Signers": whoever holds a permission of a move that takes an electronic signature (the batch lifecycle says which),
 * or may review an inspection (a signed approval or rejection).
 */
export const MFA_SIGNER_PERMISSIONS: readonly Permission[] = [
  ...new Set<Permission>([...LIFECYCLE.filter((move) => move.signature !== null).map((move) => move.permission), 'inspections.approve']),
];

/** Whether the tenant's setting asks this member (by their effective permissions) to have a second factor. */
export function tenantRequiresSecondFactor(setting: MfaRequirement | undefined, permissions: ReadonlySet<string>): boolean {
  switch (setting ?? 'off') {
    case 'everyone':
      return true;
    case 'signers':
      return [...MFA_SIGNER_PERMISSIONS, ...MFA_ADMIN_PERMISSIONS].some((key) => permissions.has(key));
    case 'admins':
      return MFA_ADMIN_PERMISSIONS.some((key) => permissions.has(key));
    default:
      return false;
  }
}

/** The tenant gate: a member the setting covers who has no second factor must enrol before using the tenant. */
export function mustEnrolForTenant(facts: {
  setting: MfaRequirement | undefined;
  permissions: ReadonlySet<string>;
  hasSecondFactor: boolean;
}): boolean {
  return !facts.hasSecondFactor && tenantRequiresSecondFactor(facts.setting, facts.permissions);
}

/** `PLATFORM_ADMIN_MFA`: `required` unless set to `optional`; unset means required in production only. */
export function platformAdminMfaRequired(setting: 'required' | 'optional' | undefined, nodeEnv: string): boolean {
  return (setting ?? (nodeEnv === 'production' ? 'required' : 'optional')) === 'required';
}

/** The platform gate: an administrator without a second factor where the deployment requires one must enrol first. */
export function mustEnrolAsPlatformAdmin(facts: { isPlatformAdmin: boolean; required: boolean; hasSecondFactor: boolean }): boolean {
  return facts.isPlatformAdmin && facts.required && !facts.hasSecondFactor;
}

/** How long a second-factor check counts for sensitive operations. */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

/**
 * Step-up: a person with a second factor (or whom a policy requires to have one) needs a check within the last ten
 * minutes of this session. Someone without a factor whom no policy covers is not asked (there is nothing to ask).
 */
export function stepUpSatisfied(facts: { needsSecondFactor: boolean; mfaVerifiedAt: Date | null | undefined; at: Date }): boolean {
  if (!facts.needsSecondFactor) return true;
  if (!facts.mfaVerifiedAt) return false;
  const age = facts.at.getTime() - facts.mfaVerifiedAt.getTime();
  return age >= -60_000 && age <= STEP_UP_WINDOW_MS;
}

/** Where the console sends a person who must enrol: the account's security page, opened at enrolment, then back to `next`. */
export const ENROL_PATH = '/account/security?enrol=1';

export function enrolPath(next?: string): string {
  return next ? `${ENROL_PATH}&next=${encodeURIComponent(next)}` : ENROL_PATH;
}
