'use client';

import * as React from 'react';
import { useListParams } from '@/components/ui/use-list-params';

type Direction = 'ascending' | 'descending';

/** A column a short list is ordered by: its value in a row, and the direction it sorts in first. */
export type OrderColumn<Row> = { value: (row: Row) => string | number | null; first: Direction };

/**
 * The order of a short list that arrives whole (a batch's inspections or signatures), kept in the URL as
 * `?{param}=column` or `column.asc|desc`; clicking the ordered column again turns its direction. Sorted in the
 * browser: these lists are never paged.
 */
export function useRowOrder<Row, Key extends string>(param: string, columns: Record<Key, OrderColumn<Row>>, fallback: NoInfer<Key>) {
  const list = useListParams();
  const [name, dirText] = (list.params.get(param) ?? '').split('.');
  const key = (Object.hasOwn(columns, name) ? name : fallback) as Key;
  const direction: Direction = dirText === 'asc' ? 'ascending' : dirText === 'desc' ? 'descending' : columns[key].first;

  const sort = (next: Key) => {
    const nextDirection = next === key ? (direction === 'ascending' ? 'descending' : 'ascending') : columns[next].first;
    const value = nextDirection === columns[next].first ? next : `${next}.${nextDirection === 'ascending' ? 'asc' : 'desc'}`;
    list.set(param, next === fallback && nextDirection === columns[fallback].first ? '' : value);
  };

  const order = React.useCallback(
    (rows: readonly Row[]) => {
      const value = columns[key].value;
      const sign = direction === 'ascending' ? 1 : -1;
      return rows
        .map((row, index) => ({ row, index, v: value(row) }))
        .sort((a, b) => {
          if (a.v === b.v) return a.index - b.index;
          if (a.v === null) return 1;
          if (b.v === null) return -1;
          const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
          return c * sign || a.index - b.index;
        })
        .map((x) => x.row);
    },
    [columns, key, direction],
  );

  /** The header's props for a column: whether the list is in its order, the direction, and the click. */
  const head = (column: Key) => ({
    active: column === key,
    direction: column === key ? direction : columns[column].first,
    onSort: () => sort(column),
  });

  return { key, direction, order, head };
}
