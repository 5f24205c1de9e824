'use client';

import * as React from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { readTableSort, tableSortParams, type TableSort, type TableSortOptions } from './table-sort';

/**
 * A list's filters and order kept in the URL query (`?q=`, `?sort=`, …): read them from `params`, change one with
 * `set(name, value)` (an empty value removes it), drop them all with `clear()`. The URL is replaced, not pushed,
 * and the page keeps its scroll position.
 */
export function useListParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = React.useCallback(
    (name: string, value: string) => {
      const next = new URLSearchParams(params.toString());
      if (value) next.set(name, value);
      else next.delete(name);
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const setMany = React.useCallback(
    (values: Record<string, string>) => {
      const next = new URLSearchParams(params.toString());
      for (const [name, value] of Object.entries(values)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );
  const clear = React.useCallback(() => router.replace(pathname, { scroll: false }), [pathname, router]);
  return { params, set, setMany, clear };
}

/** A table's order kept in the URL (`?sort=<column>&dir=asc|desc`); see `readTableSort` and `DataTable`. */
export type TableSortState = TableSort & {
  /** `asc` or `desc`. */
  dir: 'asc' | 'desc';
  /** Order by `next` (writes `?sort=` and `?dir=`; the URL is replaced). */
  set: (next: TableSort) => void;
  options: TableSortOptions;
};

/**
 * The order of a table, read from and written to the URL. Server-sorted lists put `id`/`dir` into their query key and
 * API call; client-sorted tables just hand it to `DataTable`.
 *
 *   const sort = useTableSort({ default: { id: 'joined', desc: false }, allowed: ['joined', 'name'] });
 *   useInfiniteQuery({ queryKey: [...key, { sort: sort.id, dir: sort.dir }], … });
 *   <DataTable sort={sort} sortMode="server" … />
 */
export function useTableSort(options: TableSortOptions): TableSortState {
  const list = useListParams();
  const current = readTableSort(list.params, options);
  const { setMany } = list;
  const names = tableSortParams(options.prefix);
  const set = React.useCallback(
    (next: TableSort) => setMany({ [names.sort]: next.id, [names.dir]: next.desc ? 'desc' : 'asc' }),
    [setMany, names.sort, names.dir],
  );
  return { ...current, dir: current.desc ? 'desc' : 'asc', set, options };
}

/** `value` when it is one of `allowed`, else the first of them (the default). */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : allowed[0];
}

/**
 * A search box bound to `?{name}=`: the box answers every key at once and the URL follows after a short pause;
 * when the URL changes otherwise (back, "Clear filters") the box follows it.
 */
export function useSearchBox(list: ReturnType<typeof useListParams>, name = 'q'): [string, (value: string) => void] {
  const current = list.params.get(name) ?? '';
  const [text, setText] = React.useState(current);
  const [shown, setShown] = React.useState(current);
  if (shown !== current) {
    setShown(current);
    setText(current);
  }
  const { set } = list;
  React.useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => set(name, text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, current, name, set]);
  return [text, setText];
}

/**
 * A table's order kept in the component instead of the URL, for tables that come and go (a dialog's result list):
 * the same shape as `useTableSort`, so `DataTable` takes either.
 */
export function useLocalTableSort(options: TableSortOptions): TableSortState {
  const [current, setCurrent] = React.useState<TableSort>(options.default);
  return { ...current, dir: current.desc ? 'desc' : 'asc', set: setCurrent, options };
}
