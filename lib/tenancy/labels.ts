import { humanizeValue } from '@/lib/plain-words';
import type { MemberAttributeType, MfaRequired, PLAN_IDS } from './schemas';

/** The plain words of tenants: their status and plan names (the plans of migrations/0001). */

export type TenantStatus = 'active' | 'suspended';
export const TENANT_STATUS_LABEL: Record<TenantStatus, string> = { active: 'Active', suspended: 'Suspended' };

export type PlanId = (typeof PLAN_IDS)[number];
export const PLAN_LABEL: Record<PlanId, string> = { starter: 'Starter', team: 'Team', enterprise: 'Enterprise' };

export function tenantStatusLabel(status: string): string {
  return Object.hasOwn(TENANT_STATUS_LABEL, status) ? TENANT_STATUS_LABEL[status as TenantStatus] : humanizeValue(status);
}

export function planLabel(id: string): string {
  return Object.hasOwn(PLAN_LABEL, id) ? PLAN_LABEL[id as PlanId] : humanizeValue(id);
}

/** Who must use a second factor (tenant setting `mfaRequired`). */
export const MFA_REQUIRED_LABEL: Record<MfaRequired, string> = {
  off: 'Off',
  admins: 'Admins',
  signers: 'Everyone who signs records',
  everyone: 'Everyone',
};

/** The zxcvbn strength scores 0–4 in words (password rules, the strength meter). */
export const PASSWORD_SCORE_LABEL: readonly string[] = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

export function mfaRequiredLabel(value: string): string {
  return Object.hasOwn(MFA_REQUIRED_LABEL, value) ? MFA_REQUIRED_LABEL[value as MfaRequired] : humanizeValue(value);
}

/** The kinds of member attribute (settings.memberAttributes[].type). */
export const MEMBER_ATTRIBUTE_TYPE_LABEL: Record<MemberAttributeType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  choice: 'Choice from a list',
};
