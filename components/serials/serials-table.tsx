'use client';

import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { serialPaths, type SerialItem, type SerialStatus } from './api';
import { SerialStatusBadge } from './serial-status';

export type SerialsTableProps = {
  tenant: string;
  batchId: string;
  rows: SerialItem[];
  /** The rows are the previous filter's while the new ones load. */
  stale: boolean;
  /** serials.update: a checkbox per row and one for all shown rows. */
  selectable: boolean;
  selected: ReadonlyMap<string, SerialStatus>;
  shownAll: boolean;
  onToggleAll: () => void;
  onToggle: (row: SerialItem) => void;
};

/** The serials shown: serial (a link to its page), status and GS1 element string, selectable for status changes. */
export function SerialsTable({ tenant, batchId, rows, stale, selectable, selected, shownAll, onToggleAll, onToggle }: SerialsTableProps) {
  return (
    <Table aria-label="Serials" className={cn(stale && 'opacity-60 transition-opacity')}>
      <TableHeader>
        <TableRow>
          {selectable ? (
            <TableHead className="w-10">
              <input
                type="checkbox"
                aria-label="Select all shown serials"
                className="size-4 accent-primary"
                checked={shownAll}
                onChange={onToggleAll}
              />
            </TableHead>
          ) : null}
          <TableHead>Serial</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>GS1 element string</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.serial} data-testid="serial-row" data-state={selected.has(row.serial) ? 'selected' : undefined}>
            {selectable ? (
              <TableCell className="w-10">
                <input
                  type="checkbox"
                  aria-label={`Select ${row.serial}`}
                  className="size-4 accent-primary"
                  checked={selected.has(row.serial)}
                  onChange={() => onToggle(row)}
                />
              </TableCell>
            ) : null}
            <TableCell className="whitespace-nowrap">
              <Link
                href={serialPaths.page(tenant, batchId, row.serial)}
                className="rounded-sm font-mono text-xs font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
              >
                {row.serial}
              </Link>
            </TableCell>
            <TableCell>
              <SerialStatusBadge status={row.status} />
            </TableCell>
            <TableCell className="font-mono text-xs break-all text-muted-foreground" data-testid="element-string">
              {row.elementString}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
