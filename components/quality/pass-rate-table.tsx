'use client';

import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useTableSort } from '@/components/ui/use-list-params';
import type { DashboardView } from '@/lib/quality/schemas';
import { passRatePercent } from './pass-rate-percent';

type Week = NonNullable<DashboardView['passRate']>[number];

const number = { className: 'md:text-right', cellClassName: 'tabular-nums' };

// Plain text from the data only (ISO week and date strings, integers): the server and the browser render the same.
const COLUMNS: DataTableColumn<Week>[] = [
  {
    id: 'week',
    header: 'Week',
    accessorKey: 'week',
    meta: { primary: true, cellClassName: 'tabular-nums' },
    // The week's first day under it, not in a column of its own: the table fits a half-width dashboard card at 1024 px.
    cell: ({ row }) => (
      <span className="flex flex-col">
        <span>{row.original.week}</span>
        <span className="text-xs font-normal text-muted-foreground">from {row.original.weekStart}</span>
      </span>
    ),
  },
  { id: 'inspections', header: 'Inspections', accessorKey: 'inspections', sortDescFirst: true, meta: number },
  { id: 'passed', header: 'Passed', accessorKey: 'passed', sortDescFirst: true, meta: number },
  {
    id: 'rate',
    header: 'Pass rate',
    // A week without inspections has no rate: it comes last either way.
    accessorFn: (w) => w.rate ?? undefined,
    sortDescFirst: true,
    meta: number,
    cell: ({ row }) => (row.original.rate === null ? '—' : passRatePercent(row.original.rate)),
  },
];

/**
 * The numbers of the pass-rate chart as a table: week (with its first day), inspections, passed, rate. Oldest week first until a
 * header is clicked; the order is kept in the URL (`?passratesort=&passratedir=`). A table, cards on a phone.
 */
export function PassRateTable({ weeks }: { weeks: Week[] }) {
  const sort = useTableSort({ prefix: 'passrate', default: { id: 'week', desc: false } });
  return (
    <DataTable
      label="Pass rate per week"
      columns={COLUMNS}
      data={weeks}
      getRowId={(w) => w.week}
      sort={sort}
      rowTestId="pass-rate-week"
      className="mt-2"
    />
  );
}
