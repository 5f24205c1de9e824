import { API_KEY_SORTS, type ApiKeyStatus } from '@/lib/access/api-key-schemas';

export { ApiError, api } from '@/components/api-client';

/** The statuses the list filters by (`?status=`); anything else in the URL means all. */
export const API_KEY_STATUS_FILTERS: ReadonlyArray<'' | ApiKeyStatus> = ['', 'active', 'expired', 'revoked'];

/** The orders of the keys list (`?sort=`), each one way: newest first, A–Z, most recently used first. */
export const apiKeySortOptions = {
  default: { id: 'created', desc: true },
  allowed: API_KEY_SORTS,
  fixed: { created: 'desc', name: 'asc', last_used: 'desc' },
} as const;

/** The status filter as the URL holds it. */
export function apiKeyStatusFilter(value: string | null | undefined): '' | ApiKeyStatus {
  return API_KEY_STATUS_FILTERS.find((s) => s === value) ?? '';
}

/** Every query of a tenant's keys (to invalidate after a change). */
export const apiKeysKey = (tenant: string) => ['tenants', tenant, 'api-keys'] as const;
/** The keys list's query key (the panel and the server prefetch use exactly this). */
export const apiKeysListKey = (tenant: string, status: string, sort: string) => [...apiKeysKey(tenant), status, sort] as const;
