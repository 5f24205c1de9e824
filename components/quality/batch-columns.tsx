'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/members/local-time';
import type { DataTableColumn } from '@/components/ui/data-table';
import type { BatchView } from './api';
import { BatchStatusBadge } from './status';
import { LocalNumber } from '@/components/providers/viewer-clock';

/**
 * The batch list's columns. Their ids are the API's `sort` values where the server can order by them (number,
 * product, status, expires, created, updated); site and planned quantity do not sort.
 */
export function batchColumns(tenant: string): DataTableColumn<BatchView>[] {
  return [
    {
      id: 'number',
      header: 'Batch',
      accessorKey: 'batchNumber',
      meta: { primary: true, skeleton: 'h-4 w-24' },
      cell: ({ row }) => (
        <Link
          href={`/t/${tenant}/batches/${row.original.id}`}
          className="rounded-sm font-mono text-xs font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
        >
          {row.original.batchNumber}
        </Link>
      ),
    },
    {
      id: 'product',
      header: 'Product',
      accessorKey: 'productName',
      meta: { cellClassName: 'md:max-w-72', skeleton: 'h-4 w-52' },
      cell: ({ row }) => (
        <>
          <span className="block md:truncate" title={row.original.productName}>
            {row.original.productName}
          </span>
          {row.original.gtin ? <span className="block font-mono text-[11px] text-muted-foreground">GTIN {row.original.gtin}</span> : null}
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      accessorKey: 'status',
      meta: { skeleton: 'h-4 w-24 rounded-full' },
      cell: ({ row }) => <BatchStatusBadge status={row.original.status} />,
    },
    {
      id: 'site',
      header: 'Site',
      accessorFn: (b) => b.site.code,
      enableSorting: false,
      cell: ({ row }) => (
        <span className="font-mono text-xs whitespace-nowrap" title={row.original.site.name}>
          {row.original.site.code}
        </span>
      ),
    },
    {
      id: 'quantity',
      header: 'Planned qty',
      accessorKey: 'plannedQuantity',
      enableSorting: false,
      meta: { className: 'md:text-right' },
      cell: ({ row }) => (
        <span className="tabular-nums">
          <LocalNumber value={row.original.plannedQuantity} />
        </span>
      ),
    },
    {
      id: 'expires',
      header: 'Expires',
      accessorKey: 'expiresOn',
      cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{row.original.expiresOn}</span>,
    },
    {
      id: 'created',
      header: 'Created',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => <LocalTime iso={row.original.createdAt} />,
    },
    {
      id: 'updated',
      header: 'Updated',
      accessorKey: 'updatedAt',
      sortDescFirst: true,
      meta: { defaultHidden: true },
      cell: ({ row }) => <LocalTime iso={row.original.updatedAt} />,
    },
  ];
}
