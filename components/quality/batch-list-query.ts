import type { BatchSort } from '@/lib/quality/schemas';
import type { BatchStatus } from '@/lib/quality/lifecycle';
import { readTableSort, type TableSortOptions } from '@/components/ui/table-sort';

/*
 * The batch list's query as the URL keeps it (`?status=&q=&sort=&dir=`), its query key and its API query: one module
 * without 'use client', so the page (first paint on the server) and the panel build exactly the same key.
 */

export const BATCH_LIST_PAGE = 50;

/** The table's orders: the API's `sort` values (lib/quality/schemas.ts), newest first by default. */
export const BATCH_LIST_SORT: TableSortOptions = {
  default: { id: 'created', desc: true },
  allowed: ['created', 'updated', 'number', 'product', 'status', 'expires'] satisfies BatchSort[],
};

export type BatchListFilters = { status: BatchStatus | ''; q: string; sort: string; dir: 'asc' | 'desc' };

type Source = URLSearchParams | Record<string, string | string[] | undefined>;
const first = (source: Source, name: string): string => {
  const value =
    typeof source.get === 'function'
      ? (source as URLSearchParams).get(name)
      : (source as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** The filters and order the URL names (an unknown status is no filter; an unknown order is the default). */
export function readBatchListFilters(source: Source, statuses: readonly BatchStatus[]): BatchListFilters {
  const status = first(source, 'status');
  const sort = readTableSort(source, BATCH_LIST_SORT);
  return {
    status: (statuses as readonly string[]).includes(status) ? (status as BatchStatus) : '',
    q: first(source, 'q').trim(),
    sort: sort.id,
    dir: sort.desc ? 'desc' : 'asc',
  };
}

/** The list's query key: under `['tenants', tenant, 'quality', 'batches']` (keys.batches in ./api), so invalidating that refreshes it. */
export const batchListKey = (tenant: string, filters: BatchListFilters) => ['tenants', tenant, 'quality', 'batches', filters] as const;

/** The API query of one page. */
export function batchListQuery(filters: BatchListFilters, cursor?: string | null) {
  return {
    limit: BATCH_LIST_PAGE,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    sort: filters.sort as BatchSort,
    dir: filters.dir,
    ...(cursor ? { cursor } : {}),
  };
}
