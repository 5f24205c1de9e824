'use client';

import * as React from 'react';
import Link from 'next/link';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useTableSort } from '@/components/ui/use-list-params';
import type { InspectionView } from './api';
import { INSPECTION_TYPE_LABEL, InspectionStatusBadge, ResultBadge } from './status';
import { LocalNumber } from '@/components/providers/viewer-clock';

const link = 'rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring';

function inspectionColumns(tenant: string): DataTableColumn<InspectionView>[] {
  return [
    {
      id: 'type',
      header: 'Type',
      accessorFn: (i) => INSPECTION_TYPE_LABEL[i.type] ?? i.type,
      meta: { primary: true },
      cell: ({ row }) => (
        <span className="inline-flex flex-wrap items-center gap-2 whitespace-nowrap">
          <Link href={`/t/${tenant}/inspections/${row.original.id}`} className={link}>
            {INSPECTION_TYPE_LABEL[row.original.type]}
            <span className="sr-only md:hidden"> inspection</span>
          </Link>
          {row.original.retestOf ? <Badge>Retest</Badge> : null}
          {row.original.retestedBy.length ? <Badge>Retested</Badge> : null}
        </span>
      ),
    },
    { id: 'result', header: 'Result', accessorKey: 'result', cell: ({ row }) => <ResultBadge result={row.original.result} /> },
    { id: 'status', header: 'Status', accessorKey: 'status', cell: ({ row }) => <InspectionStatusBadge status={row.original.status} /> },
    {
      id: 'performer',
      header: 'Performed by',
      accessorFn: (i) => i.performedBy.name,
      meta: { cellClassName: 'md:whitespace-nowrap' },
    },
    {
      id: 'performed',
      header: 'Performed',
      accessorKey: 'performedAt',
      sortDescFirst: true,
      cell: ({ row }) => <LocalTime iso={row.original.performedAt} />,
    },
    {
      id: 'reviewer',
      header: 'Reviewed by',
      accessorFn: (i) => i.reviewedBy?.name,
      meta: { cellClassName: 'md:whitespace-nowrap' },
      cell: ({ row }) => row.original.reviewedBy?.name ?? <span className="text-muted-foreground">Not yet</span>,
    },
    {
      id: 'sample',
      header: 'Sample',
      accessorKey: 'sampleSize',
      sortDescFirst: true,
      meta: { className: 'md:text-right' },
      cell: ({ row }) => (
        <span className="tabular-nums">
          {row.original.sampleSize}
          {row.original.lotSize ? (
            <span className="text-muted-foreground">
              {' '}
              of <LocalNumber value={row.original.lotSize} />
            </span>
          ) : null}
        </span>
      ),
    },
  ];
}

/** A batch's inspections, ordered by any column (`?inspectionssort=`, newest first): a table, cards on a phone. */
export function InspectionRows({ tenant, inspections }: { tenant: string; inspections: InspectionView[] }) {
  const sort = useTableSort({ prefix: 'inspections', default: { id: 'performed', desc: true } });
  const columns = React.useMemo(() => inspectionColumns(tenant), [tenant]);
  return (
    <DataTable
      label="Inspections"
      columns={columns}
      data={inspections}
      getRowId={(i) => i.id}
      sort={sort}
      rowTestId="inspection-row"
      rowProps={(i) => ({ 'data-status': i.status })}
    />
  );
}
