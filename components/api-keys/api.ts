import { API_KEY_SORTS, type ApiKeySort, type ApiKeyStatus } from '@/lib/access/api-key-schemas';
import { readParam, readTableSort, type ParamSource } from '@/components/ui/table-sort';

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

/** The keys list's filter and order from the URL (`?status=`, `?sort=`): the panel and the server page read it alike. */
export function readApiKeyListFilters(source: ParamSource): { status: '' | ApiKeyStatus; sort: ApiKeySort } {
  return { status: apiKeyStatusFilter(readParam(source, 'status')), sort: readTableSort(source, apiKeySortOptions).id as ApiKeySort };
}

/** The API query of the keys list's first page for these filters (the loader takes it as is). */
export function apiKeyListQuery(filters: { status: '' | ApiKeyStatus; sort: ApiKeySort }): {
  limit: string;
  status?: ApiKeyStatus;
  sort?: ApiKeySort;
} {
  return {
    limit: '50',
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.sort !== 'created' ? { sort: filters.sort } : {}),
  };
}
