'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { DataTableColumn } from '@/components/ui/data-table';
import type { SiteView } from './api';

/** The site list's columns; `code` and `name` are the API's orders. The actions column only for sites.manage. */
export function siteColumns({
  tenant,
  manage,
  onEdit,
  onDeactivate,
  onReactivate,
  reactivating,
}: {
  /** The tenant's slug: each name links to the site's page. */
  tenant: string;
  manage: boolean;
  onEdit: (site: SiteView) => void;
  onDeactivate: (site: SiteView) => void;
  onReactivate: (site: SiteView) => void;
  reactivating: (site: SiteView) => boolean;
}): DataTableColumn<SiteView>[] {
  const columns: DataTableColumn<SiteView>[] = [
    {
      id: 'code',
      header: 'Code',
      accessorKey: 'code',
      meta: { primary: true, skeleton: 'h-4 w-20' },
      cell: ({ row }) => <span className="font-mono text-xs font-medium">{row.original.code}</span>,
    },
    {
      id: 'name',
      header: 'Name',
      accessorKey: 'name',
      meta: { skeleton: 'h-4 w-48' },
      cell: ({ row }) => (
        <Link href={`/t/${tenant}/sites/${row.original.id}`} className="font-medium text-link hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    {
      id: 'address',
      header: 'Address',
      accessorKey: 'address',
      enableSorting: false,
      meta: { cellClassName: 'md:max-w-72' },
      cell: ({ row }) => (
        <span className="block text-muted-foreground md:truncate" title={row.original.address ?? undefined}>
          {row.original.address ?? '—'}
        </span>
      ),
    },
    {
      id: 'licence',
      header: 'GMP licence',
      accessorKey: 'licenseNumber',
      enableSorting: false,
      cell: ({ row }) => (
        <span className="font-mono text-xs md:whitespace-nowrap">
          {row.original.licenseNumber ?? <span className="text-muted-foreground">—</span>}
        </span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      accessorKey: 'active',
      enableSorting: false,
      cell: ({ row }) =>
        row.original.active ? (
          <Badge tone="success" dot>
            Active
          </Badge>
        ) : (
          <Badge tone="neutral" dot>
            Inactive
          </Badge>
        ),
    },
  ];
  if (!manage) return columns;
  return [
    ...columns,
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      meta: { actions: true, label: 'Actions', className: 'md:text-right' },
      cell: ({ row }) => {
        const site = row.original;
        return (
          <div className="flex gap-1.5 md:justify-end">
            <Button size="sm" onClick={() => onEdit(site)} aria-label={`Edit site ${site.code}`}>
              Edit
            </Button>
            {site.active ? (
              <Button
                size="sm"
                variant="ghost"
                className="text-danger hover:text-danger"
                onClick={() => onDeactivate(site)}
                aria-label={`Deactivate site ${site.code}`}
              >
                Deactivate
              </Button>
            ) : (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => onReactivate(site)}
                pending={reactivating(site)}
                aria-label={`Reactivate site ${site.code}`}
              >
                Reactivate
              </Button>
            )}
          </div>
        );
      },
    },
  ];
}
