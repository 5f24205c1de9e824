'use client';

import * as React from 'react';
import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import type { TableSortOptions } from '@/components/ui/table-sort';
import type { TableSortState } from '@/components/ui/use-list-params';
import { serialPaths, type SerialItem, type SerialStatus } from './api';
import { SerialStatusBadge } from './serial-status';

/**
 * The serial list's orders (the API's `sort`: serial, or grouped by status), in the batch page's URL as
 * `?serials-sort=&serials-dir=` (the page has other parameters: the tab, the status filter).
 */
export const SERIAL_SORT: TableSortOptions = { default: { id: 'serial', desc: false }, allowed: ['serial', 'status'], prefix: 'serials-' };

export type SerialsTableProps = {
  tenant: string;
  batchId: string;
  rows: SerialItem[];
  /** The rows are the previous filter's while the new ones load. */
  stale: boolean;
  sort: TableSortState;
  /** serials.update: a checkbox per row and one for all shown rows. */
  selectable: boolean;
  selected: ReadonlyMap<string, SerialStatus>;
  shownAll: boolean;
  onToggleAll: () => void;
  onToggle: (row: SerialItem) => void;
};

/**
 * The serials shown: serial (a link to its page), status and GS1 element string, ordered by the serial or status
 * header (by the API), selectable for status changes; cards on phones.
 */
export function SerialsTable({
  tenant,
  batchId,
  rows,
  stale,
  sort,
  selectable,
  selected,
  shownAll,
  onToggleAll,
  onToggle,
}: SerialsTableProps) {
  const columns = React.useMemo<DataTableColumn<SerialItem>[]>(
    () => [
      ...(selectable
        ? [
            {
              id: 'select',
              header: () => (
                <input
                  type="checkbox"
                  aria-label="Select all shown serials"
                  className="size-4 accent-primary"
                  checked={shownAll}
                  onChange={onToggleAll}
                />
              ),
              enableSorting: false,
              // On a phone card the checkbox sits in the card's top right corner, beside the serial, not on a line of its own.
              meta: {
                actions: true,
                label: 'Select',
                className: 'md:w-10',
                cellClassName: 'max-md:absolute max-md:top-3 max-md:right-3 max-md:pt-0',
              },
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label={`Select ${row.original.serial}`}
                  className="size-4 accent-primary"
                  checked={selected.has(row.original.serial)}
                  onChange={() => onToggle(row.original)}
                />
              ),
            } satisfies DataTableColumn<SerialItem>,
          ]
        : []),
      {
        id: 'serial',
        header: 'Serial',
        accessorKey: 'serial',
        meta: { primary: true, cellClassName: cn('md:whitespace-nowrap', selectable && 'max-md:pr-8') },
        cell: ({ row }) => (
          <Link
            href={serialPaths.page(tenant, batchId, row.original.serial)}
            className="rounded-sm font-mono text-xs font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
          >
            {row.original.serial}
          </Link>
        ),
      },
      { id: 'status', header: 'Status', accessorKey: 'status', cell: ({ row }) => <SerialStatusBadge status={row.original.status} /> },
      {
        id: 'element',
        header: 'GS1 element string',
        accessorKey: 'elementString',
        enableSorting: false,
        cell: ({ row }) => (
          <span className="font-mono text-xs break-all text-muted-foreground" data-testid="element-string">
            {row.original.elementString}
          </span>
        ),
      },
    ],
    [tenant, batchId, selectable, selected, shownAll, onToggleAll, onToggle],
  );
  return (
    <DataTable
      label="Serials"
      columns={columns}
      data={rows}
      getRowId={(row) => row.serial}
      sort={sort}
      sortMode="server"
      rowTestId="serial-row"
      rowProps={(row) => ({
        'data-state': selected.has(row.serial) ? 'selected' : undefined,
        className: cn(selectable && 'max-md:relative'),
      })}
      className={cn(stale && 'opacity-60 transition-opacity')}
    />
  );
}
