'use client';

import { CircleCheck, CircleX } from 'lucide-react';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { useTableSort } from '@/components/ui/use-list-params';
import type { InspectionView } from './api';

type Characteristic = InspectionView['characteristics'][number];

/** The limits in words: `95 – 105`, `≥ 80`, `≤ 5` or `No limits`. */
const characteristicLimits = (lsl: number | null, usl: number | null) =>
  lsl !== null && usl !== null ? `${lsl} – ${usl}` : lsl !== null ? `≥ ${lsl}` : usl !== null ? `≤ ${usl}` : 'No limits';

const COLUMNS: DataTableColumn<Characteristic>[] = [
  {
    id: 'name',
    header: 'Characteristic',
    accessorFn: (c) => c.name.toLowerCase(),
    meta: { primary: true, cellClassName: 'font-medium' },
    cell: ({ row }) => row.original.name,
  },
  {
    id: 'limits',
    header: 'Limits',
    // By the lower limit, else the upper one; a characteristic without limits comes last.
    accessorFn: (c) => c.lsl ?? c.usl ?? undefined,
    meta: { cellClassName: 'text-muted-foreground tabular-nums md:whitespace-nowrap' },
    cell: ({ row: { original: c } }) => `${characteristicLimits(c.lsl, c.usl)} ${c.unit ?? ''}`,
  },
  {
    id: 'value',
    header: 'Value',
    accessorKey: 'value',
    meta: { className: 'md:text-right', cellClassName: 'font-medium tabular-nums' },
    cell: ({ row: { original: c } }) => `${c.value} ${c.unit ?? ''}`,
  },
  {
    id: 'conforms',
    header: 'Within limits',
    // Fail before Pass on the first click: the characteristics out of limits are the ones to look at.
    accessorFn: (c) => (c.conforms ? 'pass' : 'fail'),
    cell: ({ row }) =>
      row.original.conforms ? (
        <span className="inline-flex items-center gap-1 text-success">
          <CircleCheck aria-hidden="true" className="size-4" />
          Pass
        </span>
      ) : (
        <span className="inline-flex items-center gap-1 font-medium text-danger">
          <CircleX aria-hidden="true" className="size-4" />
          Fail
        </span>
      ),
  },
];

/**
 * The measured characteristics of an inspection: limits, value and pass/fail per row. In the order they were recorded
 * until a header is clicked (no column is named `recorded`); then ordered by that column, kept in the URL
 * (`?characteristicssort=&characteristicsdir=`). A table, cards on a phone.
 */
export function CharacteristicsTable({ characteristics }: { characteristics: Characteristic[] }) {
  const sort = useTableSort({ prefix: 'characteristics', default: { id: 'recorded', desc: false } });
  return (
    <DataTable
      label="Characteristics"
      columns={COLUMNS}
      data={characteristics}
      sort={sort}
      rowTestId="characteristic"
      rowProps={(c) => ({ 'data-conforms': String(c.conforms) })}
      empty={
        <EmptyState
          size="compact"
          headingLevel="h3"
          title="No characteristics measured"
          className="rounded-lg border border-border bg-card"
        >
          The defect counts alone decided this result.
        </EmptyState>
      }
    />
  );
}
