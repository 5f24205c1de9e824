import { humanizeValue } from '@/lib/plain-words';
import type { PLAN_IDS } from './schemas';

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
