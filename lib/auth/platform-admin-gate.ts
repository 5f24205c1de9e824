import type { Actor } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { env } from '@/lib/platform/env';
import { mustEnrolAsPlatformAdmin, platformAdminMfaRequired } from './mfa-policy';

/**
 * Whether this platform administrator must enrol a second factor before using the platform console and API
 * (`PLATFORM_ADMIN_MFA`, required by default in production). Judged for sessions, which know whether the person has a factor.
 */
export function platformAdminMustEnrol(actor: Actor | null): boolean {
  if (actor?.type !== 'user' || actor.hasSecondFactor === undefined) return false;
  const e = env();
  return mustEnrolAsPlatformAdmin({
    isPlatformAdmin: actor.isPlatformAdmin,
    required: platformAdminMfaRequired(e.PLATFORM_ADMIN_MFA, e.NODE_ENV),
    hasSecondFactor: actor.hasSecondFactor,
  });
}

/** The platform API's gate: 403 `mfa_enrolment_required` for an administrator who must enrol first. */
export function requirePlatformAdminSecondFactor(actor: Actor | null): void {
  if (platformAdminMustEnrol(actor)) {
    throw new DomainError(
      'mfa_enrolment_required',
      403,
      'Platform administrators need a second factor on this deployment. Set up an authenticator app or a passkey on your account security page, then try again.',
    );
  }
}
