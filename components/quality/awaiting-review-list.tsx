'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/members/local-time';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHeader, TableRow } from '@/components/ui/table';
import type { DashboardView } from '@/lib/quality/schemas';
import { PhoneOrder } from './phone-order';
import { INSPECTION_TYPE_LABEL, ResultBadge } from './status';
import { useRowOrder, type OrderColumn } from './use-row-order';

type Row = NonNullable<DashboardView['awaitingReview']>['oldest'][number];

const COLUMNS = {
  batch: { value: (i) => i.batch.batchNumber, first: 'ascending' },
  inspection: { value: (i) => INSPECTION_TYPE_LABEL[i.type] ?? i.type, first: 'ascending' },
  result: { value: (i) => i.result, first: 'ascending' },
  performed: { value: (i) => i.performedAt, first: 'ascending' },
} satisfies Record<string, OrderColumn<Row>>;
type Column = keyof typeof COLUMNS;
const LABELS: Record<Column, string> = { batch: 'Batch', inspection: 'Inspection', result: 'Result', performed: 'Performed' };

const link = 'rounded-sm text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring';

/** The dashboard's inspections awaiting review, ordered by any column (`?awaiting-order=`; oldest first): a table, cards on a phone. */
export function AwaitingReviewList({ base, rows }: { base: string; rows: readonly Row[] }) {
  const order = useRowOrder('awaiting-order', COLUMNS, 'performed');
  const sorted = order.order(rows);
  return (
    <>
      <Table aria-label="Oldest inspections awaiting review" containerClassName="-mx-4 hidden w-auto sm:block">
        <TableHeader>
          <TableRow>
            {(Object.keys(LABELS) as Column[]).map((c) => (
              <SortableHead key={c} label={LABELS[c]} {...order.head(c)} />
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {sorted.map((i) => (
            <TableRow key={i.id} data-testid="awaiting-row">
              <TableCell>
                <Link href={`${base}/batches/${i.batch.id}`} className={`font-mono text-xs font-medium ${link}`}>
                  {i.batch.batchNumber}
                </Link>
                <span className="block max-w-40 truncate text-xs text-muted-foreground" title={i.batch.productName}>
                  {i.batch.productName}
                </span>
              </TableCell>
              <TableCell>
                <Link href={`${base}/inspections/${i.id}`} className={link}>
                  {INSPECTION_TYPE_LABEL[i.type] ?? i.type}
                </Link>
              </TableCell>
              <TableCell>
                <ResultBadge result={i.result} />
              </TableCell>
              <TableCell className="text-xs">
                <LocalTime iso={i.performedAt} />
                <span className="block text-muted-foreground">{i.performedBy.name}</span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="grid gap-2 sm:hidden">
        {sorted.length > 1 ? <PhoneOrder label="Order by" labels={LABELS} order={order} /> : null}
        <ul className="grid gap-2" aria-label="Oldest inspections awaiting review">
          {sorted.map((i) => (
            <li key={i.id} className="grid gap-1 rounded-lg border border-border p-3 text-[13px]" data-testid="awaiting-card">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link href={`${base}/inspections/${i.id}`} className={`font-medium ${link}`}>
                  {INSPECTION_TYPE_LABEL[i.type] ?? i.type} inspection
                </Link>
                <ResultBadge result={i.result} />
              </div>
              <p className="min-w-0 text-muted-foreground">
                Batch{' '}
                <Link href={`${base}/batches/${i.batch.id}`} className={`font-mono text-xs underline underline-offset-2 ${link}`}>
                  {i.batch.batchNumber}
                </Link>{' '}
                · <span className="break-words">{i.batch.productName}</span>
              </p>
              <p className="text-xs text-muted-foreground">
                {i.performedBy.name}, <LocalTime iso={i.performedAt} />
              </p>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
