import { describe, expect, it } from 'vitest';
import {
  enrolPath,
  MFA_ADMIN_PERMISSIONS,
  MFA_SIGNER_PERMISSIONS,
  mustEnrolAsPlatformAdmin,
  mustEnrolForTenant,
  platformAdminMfaRequired,
  STEP_UP_WINDOW_MS,
  stepUpSatisfied,
} from '@/lib/auth/mfa-policy';
import { LIFECYCLE } from '@/lib/quality/lifecycle';

// The second-factor rules (lib/auth/mfa-policy.ts), pure.
describe('MFA policy rules', () => {
  it('signers are read from the lifecycle: every move that takes a signature, plus inspection review', () => {
    const signed = LIFECYCLE.filter((m) => m.signature !== null).map((m) => m.permission);
    expect(signed.length).toBeGreaterThan(0);
    for (const key of signed) expect(MFA_SIGNER_PERMISSIONS).toContain(key);
    expect(MFA_SIGNER_PERMISSIONS).toContain('inspections.approve');
    expect(MFA_SIGNER_PERMISSIONS).not.toContain('batches.transition');
    expect(MFA_ADMIN_PERMISSIONS).toEqual(expect.arrayContaining(['members.update', 'roles.manage']));
  });

  it('the tenant gate stops only a covered member without a factor', () => {
    const admin = new Set(['roles.manage']);
    expect(mustEnrolForTenant({ setting: 'admins', permissions: admin, hasSecondFactor: false })).toBe(true);
    expect(mustEnrolForTenant({ setting: 'admins', permissions: admin, hasSecondFactor: true })).toBe(false);
    expect(mustEnrolForTenant({ setting: 'off', permissions: admin, hasSecondFactor: false })).toBe(false);
    expect(mustEnrolForTenant({ setting: 'everyone', permissions: new Set(), hasSecondFactor: false })).toBe(true);
  });

  it('PLATFORM_ADMIN_MFA: required by default in production only; the setting wins', () => {
    expect(platformAdminMfaRequired(undefined, 'production')).toBe(true);
    expect(platformAdminMfaRequired(undefined, 'development')).toBe(false);
    expect(platformAdminMfaRequired(undefined, 'test')).toBe(false);
    expect(platformAdminMfaRequired('optional', 'production')).toBe(false);
    expect(platformAdminMfaRequired('required', 'development')).toBe(true);
    expect(mustEnrolAsPlatformAdmin({ isPlatformAdmin: true, required: true, hasSecondFactor: false })).toBe(true);
    expect(mustEnrolAsPlatformAdmin({ isPlatformAdmin: false, required: true, hasSecondFactor: false })).toBe(false);
    expect(mustEnrolAsPlatformAdmin({ isPlatformAdmin: true, required: true, hasSecondFactor: true })).toBe(false);
  });

  it('step-up: a check within the last ten minutes, asked only of someone who needs a factor', () => {
    const at = new Date('2026-03-02T10:00:00Z');
    const ago = (ms: number) => new Date(at.getTime() - ms);
    expect(stepUpSatisfied({ needsSecondFactor: false, mfaVerifiedAt: null, at })).toBe(true);
    expect(stepUpSatisfied({ needsSecondFactor: true, mfaVerifiedAt: null, at })).toBe(false);
    expect(stepUpSatisfied({ needsSecondFactor: true, mfaVerifiedAt: ago(STEP_UP_WINDOW_MS - 1000), at })).toBe(true);
    expect(stepUpSatisfied({ needsSecondFactor: true, mfaVerifiedAt: ago(STEP_UP_WINDOW_MS + 1000), at })).toBe(false);
    // A check stamped far in the future (a clock gone wrong) does not count.
    expect(stepUpSatisfied({ needsSecondFactor: true, mfaVerifiedAt: ago(-5 * 60_000), at })).toBe(false);
  });

  it('the enrolment path carries where to come back to', () => {
    expect(enrolPath()).toBe('/account/security?enrol=1');
    expect(enrolPath('/t/acme')).toBe('/account/security?enrol=1&next=%2Ft%2Facme');
  });
});
