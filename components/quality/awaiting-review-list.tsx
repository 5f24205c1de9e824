'use client';

import * as React from 'react';
import Link from 'next/link';
import { LocalTime } from '@/components/members/local-time';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useTableSort } from '@/components/ui/use-list-params';
import type { DashboardView } from '@/lib/quality/schemas';
import { INSPECTION_TYPE_LABEL, ResultBadge } from './status';

type Row = NonNullable<DashboardView['awaitingReview']>['oldest'][number];

const link = 'rounded-sm text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring';

function awaitingColumns(base: string): DataTableColumn<Row>[] {
  return [
    {
      id: 'inspection',
      header: 'Inspection',
      accessorFn: (i) => INSPECTION_TYPE_LABEL[i.type] ?? i.type,
      meta: { primary: true },
      cell: ({ row }) => (
        <Link href={`${base}/inspections/${row.original.id}`} className={`font-medium ${link}`}>
          {INSPECTION_TYPE_LABEL[row.original.type] ?? row.original.type}
          <span className="md:hidden"> inspection</span>
        </Link>
      ),
    },
    {
      id: 'batch',
      header: 'Batch',
      accessorFn: (i) => i.batch.batchNumber,
      cell: ({ row: { original: i } }) => (
        <>
          <Link href={`${base}/batches/${i.batch.id}`} className={`font-mono text-xs font-medium ${link}`}>
            {i.batch.batchNumber}
          </Link>
          <span className="block text-xs break-words text-muted-foreground md:max-w-40 md:truncate" title={i.batch.productName}>
            {i.batch.productName}
          </span>
        </>
      ),
    },
    { id: 'result', header: 'Result', accessorKey: 'result', cell: ({ row }) => <ResultBadge result={row.original.result} /> },
    {
      id: 'performed',
      header: 'Performed',
      accessorKey: 'performedAt',
      meta: { cellClassName: 'text-xs' },
      cell: ({ row }) => (
        <>
          <LocalTime iso={row.original.performedAt} />
          <span className="block text-muted-foreground">{row.original.performedBy.name}</span>
        </>
      ),
    },
  ];
}

/** The dashboard's inspections awaiting review, ordered by any column (`?awaitingsort=`; oldest first): a table, cards on a phone. */
export function AwaitingReviewList({ base, rows }: { base: string; rows: Row[] }) {
  const sort = useTableSort({ prefix: 'awaiting', default: { id: 'performed', desc: false } });
  const columns = React.useMemo(() => awaitingColumns(base), [base]);
  return (
    <DataTable
      label="Oldest inspections awaiting review"
      columns={columns}
      data={rows}
      getRowId={(i) => i.id}
      sort={sort}
      rowTestId="awaiting-row"
    />
  );
}
