'use client';

import Link from 'next/link';
import { ArrowRight } from 'lucide-react';
import { TenantMark } from '@/components/console/tenant-switcher';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useTableSort } from '@/components/ui/use-list-params';

/** A tenant of the signed-in person, as the home page lists them. */
export type MyTenantRow = { slug: string; name: string; status: 'active' | 'suspended'; roles: string[] };

const COLUMNS: DataTableColumn<MyTenantRow>[] = [
  {
    id: 'name',
    header: 'Name',
    accessorKey: 'name',
    meta: { primary: true },
    cell: ({ row }) => (
      <Link
        href={`/t/${row.original.slug}`}
        className="flex items-center gap-2.5 rounded-sm font-medium text-foreground after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-ring"
      >
        <TenantMark name={row.original.name} />
        {row.original.name}
      </Link>
    ),
  },
  {
    id: 'slug',
    header: 'Address',
    accessorKey: 'slug',
    meta: { cellClassName: 'font-mono text-xs text-muted-foreground' },
    cell: ({ row }) => `/t/${row.original.slug}`,
  },
  {
    id: 'roles',
    header: 'Your roles',
    accessorFn: (tenant) => tenant.roles.join(', '),
    cell: ({ row }) =>
      row.original.roles.length > 0 ? (
        <div className="flex flex-wrap gap-1">
          {row.original.roles.map((role) => (
            <Badge key={role}>{role}</Badge>
          ))}
        </div>
      ) : (
        <span className="text-xs text-muted-foreground">No roles</span>
      ),
  },
  { id: 'status', header: 'Status', accessorKey: 'status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: 'open',
    header: () => <span className="sr-only">Open</span>,
    enableSorting: false,
    meta: { actions: true, label: 'Open', className: 'max-md:hidden md:w-10 md:text-right' },
    cell: () => (
      <ArrowRight
        aria-hidden="true"
        className="ml-auto size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5 group-hover:text-foreground"
      />
    ),
  },
];

/** The tenants you belong to (home page): sortable by name, address, roles and status (`?sort=`); a row opens the tenant. */
export function MyTenantsTable({ tenants }: { tenants: MyTenantRow[] }) {
  const sort = useTableSort({ default: { id: 'name', desc: false } });
  return (
    <DataTable
      label="Tenants you belong to"
      columns={COLUMNS}
      data={tenants}
      getRowId={(tenant) => tenant.slug}
      sort={sort}
      rowTestId="my-tenant-row"
      rowProps={() => ({ className: 'group relative' })}
    />
  );
}
