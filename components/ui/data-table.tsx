'use client';
/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- the phone cards restyle the
   table with display block/grid, which drops its implicit roles in browsers; explicit roles keep it a table for screen readers. */

import * as React from 'react';
import {
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  flexRender,
  metaHelper,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  useTable,
  type Column,
  type ColumnDef,
  type ColumnVisibilityState,
  type RowData,
  type SortingState,
} from '@tanstack/react-table';
import { cn } from './cn';
import { CARD_LAYOUTS, type CardBreakpoint } from './data-table-layout';
import { DataTableColumnPicker, useHiddenColumns } from './data-table-columns';
import { ListSkeleton, LoadFailed, LoadMore } from './list-parts';
import { SortButton } from './sortable-head';
import type { TableSortState } from './use-list-params';

/** What a `DataTable` column may say about itself in `meta`. */
export type DataTableColumnMeta = {
  /** The column's name on phone cards, in the column picker and on its sort button, when `header` is not a string. */
  label?: string;
  /** The row's title on a phone card (its name and main link): shown across the card without a label. */
  primary?: boolean;
  /** The row's buttons: no label on a card, never hidden by the column picker. */
  actions?: boolean;
  /** Classes for both the header and the cells of the column (e.g. `text-right`, `w-32`). */
  className?: string;
  headClassName?: string;
  cellClassName?: string;
  /** The column orders in one direction only (a server order the API has one way only). */
  sortDirection?: 'asc' | 'desc';
  /** Hidden until the person shows it with the column picker. */
  defaultHidden?: boolean;
  /** The skeleton block of this column while the list loads (e.g. `'h-4 w-48'`). */
  skeleton?: string;
};

/** The TanStack Table features every `DataTable` has: sorting (client or server) and column visibility. */
const features = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, datetime: sortFn_datetime, basic: sortFn_basic },
  columnMeta: metaHelper<DataTableColumnMeta>(),
});
type Features = typeof features;

/**
 * A column of a `DataTable`: a TanStack Table v9 column definition (`id`, `header`, `accessorKey`/`accessorFn`,
 * `cell`, `enableSorting`, `sortDescFirst`, `enableHiding`, `meta: DataTableColumnMeta`). Keep the array stable
 * (module scope, or `useMemo` when cells need props).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of columns mixes value types
export type DataTableColumn<T extends RowData> = ColumnDef<Features, T, any>;

/** `createColumnHelper` for `DataTable` columns: `const col = dataTableColumns<Member>(); col.accessor('name', {…})`. */
export function dataTableColumns<T extends RowData>() {
  return createColumnHelper<Features, T>();
}

/** A TanStack Query result (`useQuery` / `useInfiniteQuery`) as the table needs it. */
type QueryLike = { isPending: boolean; isError: boolean; error: Error | null; isFetching: boolean; refetch: () => Promise<unknown> };
type Pages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

export type DataTableProps<T extends RowData> = {
  /** The table's accessible name (`getByRole('table', { name })`), also used in the loading and error texts. */
  label: string;
  columns: DataTableColumn<T>[];
  /** The loaded rows (undefined while loading). */
  data: T[] | undefined;
  /** A stable row id (React key, TanStack row id); default: the index. */
  getRowId?: (row: T) => string;
  /** The order, from `useTableSort` (kept in the URL). Without it nothing sorts. */
  sort?: TableSortState;
  /**
   * `client`: the loaded rows are sorted here (short, unpaged lists; every column with an accessor sorts unless
   * `enableSorting: false`). `server`: rows arrive in order (`manualSorting`); the sortable columns are those in
   * `sort.options.allowed` (or with `enableSorting: true`), and the caller puts `sort.id`/`sort.dir` into its query.
   */
  sortMode?: 'client' | 'server';
  /** Offer "Columns" (show/hide) and remember the choice in this browser under this key, e.g. `'api-keys'`. */
  columnPicker?: string;
  /** Below this breakpoint the rows are cards (default `md`). */
  cardsBelow?: CardBreakpoint;
  /** The query that loads the rows: skeleton while pending, an error with "Try again" when it failed. */
  query?: QueryLike;
  loadingLabel?: string;
  errorTitle?: string;
  /** Shown instead of the table when there are no rows (an `EmptyState` saying what to do next). */
  empty?: React.ReactNode;
  /** An infinite query: "Load more" under the table while there is a next page. */
  pages?: Pages;
  /** Filters and other controls above the table (the column picker sits at their right). */
  toolbar?: React.ReactNode;
  /** `data-testid` of every body row (e.g. `member-row`). */
  rowTestId?: string;
  /** More attributes of a body row (`data-*`, `className`, `aria-*`). */
  rowProps?: (row: T) => React.HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | undefined };
  /** A click anywhere on the row (not on its links or buttons); keep a real link in the row for the keyboard. */
  onRowClick?: (row: T) => void;
  skeletonRows?: number;
  className?: string;
  'data-testid'?: string;
};

const NO_ROWS: never[] = [];
const IGNORE = () => undefined;

/** The column's name in words: its `header` when that is a string, else `meta.label`, else its id. */
export function columnLabel<T extends RowData>(column: Column<Features, T>): string {
  const header = column.columnDef.header;
  return typeof header === 'string' ? header : (column.columnDef.meta?.label ?? column.id);
}

/** The id TanStack gives a column definition: its `id`, else its `accessorKey`, else its string `header`. */
function columnDefId<T extends RowData>(def: DataTableColumn<T>): string | undefined {
  if (def.id) return def.id;
  if ('accessorKey' in def && def.accessorKey !== undefined) return String(def.accessorKey).replaceAll('.', '_');
  return typeof def.header === 'string' ? def.header : undefined;
}

function isInsideControl(target: EventTarget, row: HTMLElement): boolean {
  if (!(target instanceof Element) || !row.contains(target)) return true; // a portal (a dialog opened from the row)
  const control = target.closest(
    'a, button, input, select, textarea, label, summary, [role="button"], [role="menuitem"], [role="checkbox"]',
  );
  return control !== null && row.contains(control);
}

/**
 * A record table on TanStack Table: sortable headers (`aria-sort`, order kept in the URL), optional column choice,
 * rows that become labelled cards on phones (one `<table>`, restyled by CSS; no sideways scroll at 390 px),
 * skeleton / error with retry / empty state, and "Load more" for cursor lists. Flat columns only (no header groups).
 *
 * @example
 * const sort = useTableSort({ default: { id: 'joined', desc: false }, allowed: ['joined', 'name'] }); // server order
 * const members = useInfiniteQuery({ queryKey: [...membersKey(tenant), { sort: sort.id, dir: sort.dir }], … });
 * const columns: DataTableColumn<Member>[] = [
 *   { id: 'name', header: 'Member', accessorFn: (m) => m.user.name, meta: { primary: true },
 *     cell: ({ row }) => <Link href={…}>{row.original.user.name}</Link> },
 *   { id: 'roles', header: 'Roles', cell: ({ row }) => <RoleBadges roles={row.original.roles} /> },
 *   { id: 'joined', header: 'Joined', accessorKey: 'joinedAt', cell: ({ getValue }) => <LocalTime iso={getValue()} /> },
 *   { id: 'actions', header: () => <span className="sr-only">Actions</span>, meta: { actions: true }, cell: … },
 * ];
 * <DataTable label="Members" columns={columns} data={members.data?.pages.flatMap((p) => p.data)} getRowId={(m) => m.id}
 *   sort={sort} sortMode="server" query={members} pages={members} rowTestId="member-row"
 *   empty={<EmptyState title="No members yet" … />} />
 *
 * A short, unpaged list sorts in the browser: `useTableSort({ default: { id: 'name', desc: false } })` and
 * `sortMode="client"` (the default); give date columns `sortDescFirst: true` so the first click shows the newest.
 */
export function DataTable<T extends RowData>({
  label,
  columns,
  data,
  getRowId,
  sort,
  sortMode = 'client',
  columnPicker,
  cardsBelow = 'md',
  query,
  loadingLabel,
  errorTitle,
  empty,
  pages,
  toolbar,
  rowTestId,
  rowProps,
  onRowClick,
  skeletonRows = 5,
  className,
  'data-testid': testId,
}: DataTableProps<T>) {
  const layout = CARD_LAYOUTS[cardsBelow];
  const [storedHidden, setStoredHidden] = useHiddenColumns(columnPicker);
  const defaultHidden = React.useMemo(() => columns.filter((c) => c.meta?.defaultHidden).flatMap((c) => columnDefId(c) ?? []), [columns]);
  const hidden = storedHidden ?? defaultHidden;
  const columnVisibility: ColumnVisibilityState = React.useMemo(() => Object.fromEntries(hidden.map((id) => [id, false])), [hidden]);

  // An order naming a column this table lacks (an old link) leaves the rows as they came.
  const sorting: SortingState = sort && columns.some((c) => columnDefId(c) === sort.id) ? [{ id: sort.id, desc: sort.desc }] : [];
  const table = useTable<Features, T>({
    features,
    data: data ?? NO_ROWS,
    columns,
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    // The URL owns the order and the picker owns the columns; TanStack only reads them.
    state: { sorting, columnVisibility },
    onSortingChange: IGNORE,
    onColumnVisibilityChange: IGNORE,
    manualSorting: sortMode === 'server' || !sort,
    enableMultiSort: false,
    enableSortingRemoval: false,
    defaultColumn: { sortUndefined: 'last' },
  });
  const canSort = (column: Column<Features, T>): boolean => {
    if (!sort || column.columnDef.enableSorting === false) return false;
    if (sortMode === 'client') return column.getCanSort();
    if (sort.options.allowed) return sort.options.allowed.includes(column.id);
    return column.columnDef.enableSorting === true;
  };
  const onSort = (column: Column<Features, T>) => {
    if (!sort) return;
    const fixed = column.columnDef.meta?.sortDirection ?? sort.options.fixed?.[column.id];
    if (sort.id === column.id) {
      if (!fixed) sort.set({ id: column.id, desc: !sort.desc });
      return;
    }
    sort.set({ id: column.id, desc: fixed ? fixed === 'desc' : column.columnDef.sortDescFirst === true });
  };

  const visible = table.getVisibleLeafColumns();
  const rowCount = table.getRowModel().rows.length;
  // The column choice only where there is a table to choose for (not beside an empty state).
  const picker =
    columnPicker && rowCount > 0 ? (
      <DataTableColumnPicker
        tableLabel={label}
        columns={table
          .getAllLeafColumns()
          .filter((c) => !c.columnDef.meta?.actions)
          .map((c) => ({
            id: c.id,
            label: columnLabel(c),
            visible: c.getIsVisible(),
            canHide: c.getCanHide() && !c.columnDef.meta?.primary,
          }))}
        onToggle={(id, show) => setStoredHidden(show ? hidden.filter((h) => h !== id) : [...hidden, id])}
      />
    ) : null;

  const rows = table.getRowModel().rows;
  const loading = query?.isPending === true && rows.length === 0;
  const failed = query?.isError === true;

  let body: React.ReactNode;
  if (loading) {
    body = (
      <div className={layout.frame}>
        <ListSkeleton
          label={loadingLabel ?? `Loading ${label.toLowerCase()}`}
          rows={skeletonRows}
          cells={visible.map(
            (c, i) => c.columnDef.meta?.skeleton ?? (i === 0 ? 'h-4 w-40' : i < 3 ? 'h-4 w-24' : 'hidden h-4 w-24 md:block'),
          )}
        />
      </div>
    );
  } else if (failed && rows.length === 0 && query) {
    body = <LoadFailed title={errorTitle ?? `The ${label.toLowerCase()} could not be loaded.`} query={query} />;
  } else if (rows.length === 0) {
    body = empty ?? null;
  } else {
    const headers = table.getHeaderGroups().at(-1)?.headers ?? [];
    const anySortable = headers.some((h) => canSort(h.column));
    body = (
      <div className={layout.frame}>
        <table role="table" aria-label={label} className={layout.table}>
          <thead role="rowgroup" className={cn(layout.thead, !anySortable && layout.theadHidden)}>
            <tr role="row" className={layout.headRow}>
              {headers.map((header) => {
                const column = header.column;
                const meta = column.columnDef.meta;
                const sortable = canSort(column);
                const active = sortable && sort?.id === column.id;
                const direction = sort?.desc ? 'descending' : 'ascending';
                return (
                  <th
                    key={header.id}
                    role="columnheader"
                    scope="col"
                    aria-sort={active ? direction : undefined}
                    data-column={column.id}
                    className={cn(layout.head, sortable ? layout.headSortable : layout.headHidden, meta?.className, meta?.headClassName)}
                  >
                    {sortable ? (
                      <SortButton label={columnLabel(column)} active={active} direction={direction} onSort={() => onSort(column)} />
                    ) : header.isPlaceholder ? null : (
                      flexRender(column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody role="rowgroup" className={layout.body}>
            {rows.map((row) => {
              const extra = rowProps?.(row.original) ?? {};
              return (
                <tr
                  key={row.id}
                  role="row"
                  data-testid={rowTestId}
                  {...extra}
                  className={cn(layout.row, onRowClick && 'cursor-pointer', extra.className)}
                  onClick={
                    onRowClick
                      ? (event) => {
                          if (!isInsideControl(event.target, event.currentTarget)) onRowClick(row.original);
                        }
                      : extra.onClick
                  }
                >
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta;
                    const text = columnLabel(cell.column);
                    const plain = Boolean(meta?.primary || meta?.actions || !text);
                    return (
                      <td
                        key={cell.id}
                        role="cell"
                        data-label={plain ? undefined : text}
                        data-column={cell.column.id}
                        className={cn(
                          layout.cell,
                          plain ? layout.cellPlain : layout.cellLabelled,
                          meta?.primary && layout.primary,
                          meta?.actions && layout.actions,
                          meta?.className,
                          meta?.cellClassName,
                        )}
                      >
                        <div className="min-w-0 break-words">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div data-testid={testId} className={cn('flex min-w-0 flex-col gap-3', className)}>
      {toolbar || picker ? (
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div className="min-w-0 flex-1">{toolbar}</div>
          {picker}
        </div>
      ) : null}
      {body}
      {failed && rows.length > 0 && query ? (
        <LoadFailed title={errorTitle ?? `The ${label.toLowerCase()} could not be loaded.`} query={query} />
      ) : null}
      {pages && !loading ? <LoadMore pages={pages} size="sm" /> : null}
    </div>
  );
}
