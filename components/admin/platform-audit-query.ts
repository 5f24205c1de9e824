import { AUDIT_FILTERS, auditQuery, type AuditFilters } from '@/components/audit/api';
import { adminTenantsKey } from './api';

/*
 * The platform trail's query keys and API calls, without 'use client': the panel (components/admin/platform-audit.tsx)
 * and the server page (app/admin/audit/page.tsx) build the same keys from the same URL.
 */

/** The filters of the platform trail as the URL keeps them: the tenant trail's names (`action`, `actorId`, `targetType`, …). */
export { AUDIT_FILTERS as PLATFORM_AUDIT_FILTERS, AUDIT_SORT as PLATFORM_AUDIT_SORT } from '@/components/audit/api';
export { readAuditDir as readPlatformAuditDir, readAuditFilters as readPlatformAuditFilters } from '@/components/audit/api';
export type PlatformAuditFilters = AuditFilters;

export const PLATFORM_AUDIT_PATH = '/api/v1/admin/audit-events';

/** No filter set. */
export const NO_PLATFORM_FILTERS: PlatformAuditFilters = Object.fromEntries(AUDIT_FILTERS.map((f) => [f, ''])) as PlatformAuditFilters;

/** The platform trail's list key for these filters and this direction (the panel and the server prefetch use exactly this). */
export const platformAuditKey = (filters: PlatformAuditFilters, dir: 'asc' | 'desc') => ['admin', 'audit-events', filters, dir] as const;

/** The API query of one page: dates become the bounds of the viewer's days (as in the tenant trail). */
export const platformAuditQuery = (filters: PlatformAuditFilters, dir: 'asc' | 'desc', cursor?: string | null): URLSearchParams =>
  auditQuery(filters, { sort: 'occurred', dir, ...(cursor ? { cursor } : {}) });

/** The tenants offered by the trail's tenant filter (A–Z by name); under the tenant list's key, so changes refresh it. */
export const platformAuditTenantsKey = [...adminTenantsKey, 'audit-filter'] as const;
export const PLATFORM_AUDIT_TENANTS_QUERY = { sort: 'name', limit: '200' } as const;
export type TenantOption = { id: string; name: string; slug: string };
