import { AUDIT_ACTION_LABELS, type KnownAuditAction } from '@/lib/audit/action-labels';

/**
 * The plain words of the platform console: the actions of the platform trail (for its action filter) with their
 * labels. Tenant statuses and plan names live in lib/tenancy/labels.ts, action sentences in lib/audit/action-labels.ts.
 */
export { PLAN_LABEL, TENANT_STATUS_LABEL, planLabel, tenantStatusLabel } from '@/lib/tenancy/labels';

/** The actions written to the platform trail (tenant registry, accounts, sessions), in the order a filter offers them. */
export const PLATFORM_ACTIONS = [
  'tenant.created',
  'tenant.plan_changed',
  'tenant.suspended',
  'tenant.reactivated',
  'tenant.wiped_out',
  'audit.chain_broken',
  'user.registered',
  'user.created',
  'user.account_linked',
  'user.email_verified',
  'user.verification_resent',
  'user.signed_in',
  'user.signed_out',
  'user.sign_in_failed',
  'user.locked',
  'user.unlocked',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.profile_updated',
  'user.avatar_updated',
  'user.avatar_removed',
  'user.platform_admin_granted',
  'user.deactivated',
  'user.reactivated',
  'user.mfa_totp_enabled',
  'user.mfa_totp_removed',
  'user.mfa_passkey_added',
  'user.mfa_passkey_renamed',
  'user.mfa_passkey_removed',
  'user.mfa_passkey_used',
  'user.mfa_passkey_refused',
  'user.mfa_recovery_codes_regenerated',
  'user.recovery_code_used',
  'user.second_factor_failed',
  'user.second_factor_locked',
  'users.inactive_deleted',
  'session.revoked',
  'session.refresh_reused',
  'job.retried',
] as const satisfies readonly KnownAuditAction[];

/** The platform actions with their labels, for a select or datalist: `[{ value: 'tenant.created', label: 'Tenant created' }, …]`. */
export const PLATFORM_ACTION_OPTIONS = PLATFORM_ACTIONS.map((value) => ({ value, label: AUDIT_ACTION_LABELS[value].label }));
