import { SYSTEM_SORT_DIRS, SYSTEM_SORTS, type SystemSort } from '@/lib/access/role-schemas';
import { readParam, readTableSort, sortDirection, type ParamSource } from '@/components/ui/table-sort';

/** The orders of the systems list (`?sort=&dir=`): A–Z by slug by default; each header turns both ways. */
export const systemSortOptions = {
  default: { id: 'slug', desc: SYSTEM_SORT_DIRS.slug === 'desc' },
  allowed: SYSTEM_SORTS,
};

/** The systems list's search and order as the URL holds them. */
export type SystemListFilters = { q: string; sort: SystemSort; dir: 'asc' | 'desc' };

/** Every query of a tenant's systems (to invalidate after a change). */
export const systemsKey = (tenant: string) => ['tenant', tenant, 'systems'] as const;
/** The systems list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const systemsListKey = (tenant: string, filters: SystemListFilters) => [...systemsKey(tenant), 'list', filters] as const;

/** The systems list's search and order from the URL (`?q=`, `?sort=&dir=`): the panel and the server page read it alike. */
export function readSystemListFilters(source: ParamSource): SystemListFilters {
  const sort = readTableSort(source, systemSortOptions);
  return { q: readParam(source, 'q') ?? '', sort: sort.id as SystemSort, dir: sortDirection(sort) };
}

/** The API query of the systems list's first page for these filters (the loader takes it as is). */
export function systemListQuery(filters: SystemListFilters): { limit: string; q?: string; sort?: SystemSort; dir?: 'asc' | 'desc' } {
  const isDefault = filters.sort === 'slug' && filters.dir === SYSTEM_SORT_DIRS.slug;
  return { limit: '50', ...(filters.q ? { q: filters.q } : {}), ...(isDefault ? {} : { sort: filters.sort, dir: filters.dir }) };
}
