import { SYSTEM_SORTS, type SystemSort } from '@/lib/access/role-schemas';
import { readParam, readTableSort, type ParamSource } from '@/components/ui/table-sort';

/** The orders of the systems list (`?sort=`), each one way: `slug` A–Z (the default), `name` A–Z, `created` newest first. */
export const systemSortOptions = {
  default: { id: 'slug', desc: false },
  allowed: SYSTEM_SORTS,
  fixed: { slug: 'asc', name: 'asc', created: 'desc' },
} as const;

/** Every query of a tenant's systems (to invalidate after a change). */
export const systemsKey = (tenant: string) => ['tenant', tenant, 'systems'] as const;
/** The systems list's query key for a search and an order (the panel and the server prefetch use exactly this). */
export const systemsListKey = (tenant: string, filters: { q: string; sort: string }) => [...systemsKey(tenant), 'list', filters] as const;

/** The systems list's search and order from the URL (`?q=`, `?sort=`): the panel and the server page read it alike. */
export function readSystemListFilters(source: ParamSource): { q: string; sort: SystemSort } {
  return { q: readParam(source, 'q') ?? '', sort: readTableSort(source, systemSortOptions).id as SystemSort };
}

/** The API query of the systems list's first page for these filters (the loader takes it as is). */
export function systemListQuery(filters: { q: string; sort: SystemSort }): { limit: string; q?: string; sort?: SystemSort } {
  return { limit: '50', ...(filters.q ? { q: filters.q } : {}), ...(filters.sort !== 'slug' ? { sort: filters.sort } : {}) };
}
