import type { SiteSort } from '@/lib/quality/schemas';
import { readTableSort, type TableSortOptions } from '@/components/ui/table-sort';

/*
 * The site list's query as the URL keeps it (`?active=&sort=&dir=`), its query key and its API query: one module
 * without 'use client', so the page (first paint on the server) and the panel build exactly the same key.
 */

export const SITE_LIST_PAGE = 50;
export const SITE_LIST_SORT: TableSortOptions = { default: { id: 'code', desc: false }, allowed: ['code', 'name'] satisfies SiteSort[] };

export type SiteListFilters = { active: '' | 'true' | 'false'; sort: string; dir: 'asc' | 'desc' };

type Source = URLSearchParams | Record<string, string | string[] | undefined>;

export function readSiteListFilters(source: Source): SiteListFilters {
  const raw =
    typeof source.get === 'function'
      ? (source as URLSearchParams).get('active')
      : (source as Record<string, string | string[] | undefined>).active;
  const active = Array.isArray(raw) ? raw[0] : raw;
  const sort = readTableSort(source, SITE_LIST_SORT);
  return { active: active === 'true' || active === 'false' ? active : '', sort: sort.id, dir: sort.desc ? 'desc' : 'asc' };
}

/** Under `['tenants', tenant, 'quality', 'sites']` (keys.sites in ./api), so invalidating that refreshes it. */
export const siteListKey = (tenant: string, filters: SiteListFilters) => ['tenants', tenant, 'quality', 'sites', filters] as const;

export function siteListQuery(filters: SiteListFilters, cursor?: string | null) {
  return {
    limit: SITE_LIST_PAGE,
    ...(filters.active ? { active: filters.active } : {}),
    sort: filters.sort as SiteSort,
    dir: filters.dir,
    ...(cursor ? { cursor } : {}),
  };
}
