'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/members/local-time';
import { Badge } from '@/components/ui/badge';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHeader, TableRow } from '@/components/ui/table';
import type { InspectionView } from './api';
import { PhoneOrder } from './phone-order';
import { INSPECTION_TYPE_LABEL, InspectionStatusBadge, ResultBadge } from './status';
import { useRowOrder, type OrderColumn } from './use-row-order';

const COLUMNS = {
  type: { value: (i) => INSPECTION_TYPE_LABEL[i.type] ?? i.type, first: 'ascending' },
  result: { value: (i) => i.result, first: 'ascending' },
  status: { value: (i) => i.status, first: 'ascending' },
  performer: { value: (i) => i.performedBy.name, first: 'ascending' },
  performed: { value: (i) => i.performedAt, first: 'descending' },
  reviewer: { value: (i) => i.reviewedBy?.name ?? null, first: 'ascending' },
  sample: { value: (i) => i.sampleSize, first: 'descending' },
} satisfies Record<string, OrderColumn<InspectionView>>;
type Column = keyof typeof COLUMNS;

const LABELS: Record<Column, string> = {
  type: 'Type',
  result: 'Result',
  status: 'Status',
  performer: 'Performed by',
  performed: 'Performed',
  reviewer: 'Reviewed by',
  sample: 'Sample',
};

const link = 'rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring';

/** A batch's inspections, ordered by any column (kept in the URL): a table on wide screens, cards on a phone. */
export function InspectionRows({ tenant, inspections }: { tenant: string; inspections: readonly InspectionView[] }) {
  const order = useRowOrder('inspections-order', COLUMNS, 'performed');
  const rows = order.order(inspections);
  const href = (i: InspectionView) => `/t/${tenant}/inspections/${i.id}`;
  const retest = (i: InspectionView) => (
    <>
      {i.retestOf ? <Badge className="ml-2">Retest</Badge> : null}
      {i.retestedBy.length ? <Badge className="ml-2">Retested</Badge> : null}
    </>
  );
  return (
    <>
      <Table aria-label="Inspections" containerClassName="hidden md:block">
        <TableHeader>
          <TableRow>
            {(Object.keys(LABELS) as Column[]).map((c) => (
              <SortableHead key={c} label={LABELS[c]} className={c === 'sample' ? 'text-right' : undefined} {...order.head(c)} />
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((i) => (
            <TableRow key={i.id} data-testid="inspection-row" data-status={i.status}>
              <TableCell className="whitespace-nowrap">
                <Link href={href(i)} className={link}>
                  {INSPECTION_TYPE_LABEL[i.type]}
                </Link>
                {retest(i)}
              </TableCell>
              <TableCell>
                <ResultBadge result={i.result} />
              </TableCell>
              <TableCell>
                <InspectionStatusBadge status={i.status} />
              </TableCell>
              <TableCell className="whitespace-nowrap">{i.performedBy.name}</TableCell>
              <TableCell>
                <LocalTime iso={i.performedAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap">{i.reviewedBy?.name ?? <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell className="text-right tabular-nums">
                {i.sampleSize}
                {i.lotSize ? <span className="text-muted-foreground"> of {i.lotSize.toLocaleString()}</span> : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <div className="grid gap-2 p-3 md:hidden">
        <PhoneOrder label="Order inspections by" labels={LABELS} order={order} />
        <ul className="grid gap-2" aria-label="Inspections">
          {rows.map((i) => (
            <li key={i.id} className="grid gap-1.5 rounded-lg border border-border p-3 text-[13px]" data-testid="inspection-card">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <Link href={href(i)} className={link}>
                  {INSPECTION_TYPE_LABEL[i.type]} inspection
                </Link>
                {retest(i)}
              </div>
              <div className="flex flex-wrap gap-2">
                <ResultBadge result={i.result} />
                <InspectionStatusBadge status={i.status} />
              </div>
              <p className="text-muted-foreground">
                Performed by <span className="text-foreground">{i.performedBy.name}</span>, <LocalTime iso={i.performedAt} />
              </p>
              {i.reviewedBy ? (
                <p className="text-muted-foreground">
                  Reviewed by <span className="text-foreground">{i.reviewedBy.name}</span>
                </p>
              ) : null}
              <p className="text-muted-foreground tabular-nums">
                Sample {i.sampleSize}
                {i.lotSize ? ` of ${i.lotSize.toLocaleString()}` : ''}
              </p>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
