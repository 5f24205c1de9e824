import { API_KEY_SORT_DIRS, API_KEY_SORTS, type ApiKeySort, type ApiKeyStatus } from '@/lib/access/api-key-schemas';
import { readParam, readTableSort, sortDirection, type ParamSource } from '@/components/ui/table-sort';

export { ApiError, api } from '@/components/api-client';

/** The statuses the list filters by (`?status=`); anything else in the URL means all. */
export const API_KEY_STATUS_FILTERS: ReadonlyArray<'' | ApiKeyStatus> = ['', 'active', 'expired', 'revoked'];

/** The orders of the keys list (`?sort=&dir=`): newest first by default; each header turns both ways. */
export const apiKeySortOptions = {
  default: { id: 'created', desc: API_KEY_SORT_DIRS.created === 'desc' },
  allowed: API_KEY_SORTS,
};

/** The keys list's filter and order as the URL holds them. */
export type ApiKeyListFilters = { status: '' | ApiKeyStatus; sort: ApiKeySort; dir: 'asc' | 'desc' };

/** The status filter as the URL holds it. */
export function apiKeyStatusFilter(value: string | null | undefined): '' | ApiKeyStatus {
  return API_KEY_STATUS_FILTERS.find((s) => s === value) ?? '';
}

/** Every query of a tenant's keys (to invalidate after a change). */
export const apiKeysKey = (tenant: string) => ['tenants', tenant, 'api-keys'] as const;
/** The keys list's query key for its filter and order (the panel and the server prefetch use exactly this). */
export const apiKeysListKey = (tenant: string, filters: ApiKeyListFilters) =>
  [...apiKeysKey(tenant), filters.status, filters.sort, filters.dir] as const;

/** The keys list's filter and order from the URL (`?status=`, `?sort=&dir=`): the panel and the server page read it alike. */
export function readApiKeyListFilters(source: ParamSource): ApiKeyListFilters {
  const sort = readTableSort(source, apiKeySortOptions);
  return { status: apiKeyStatusFilter(readParam(source, 'status')), sort: sort.id as ApiKeySort, dir: sortDirection(sort) };
}

/** The API query of the keys list's first page for these filters (the loader takes it as is). */
export function apiKeyListQuery(filters: ApiKeyListFilters): {
  limit: string;
  status?: ApiKeyStatus;
  sort?: ApiKeySort;
  dir?: 'asc' | 'desc';
} {
  const isDefault = filters.sort === 'created' && filters.dir === API_KEY_SORT_DIRS.created;
  return {
    limit: '50',
    ...(filters.status ? { status: filters.status } : {}),
    ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }),
  };
}
