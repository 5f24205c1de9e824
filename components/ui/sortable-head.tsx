'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { cn } from './cn';
import { TableHead } from './table';

/**
 * A column header that orders the list by its column: a button, and `aria-sort` on the header while the list is in
 * that order. Each order has one direction (`direction`): A–Z, or newest first.
 */
export function SortableHead({
  label,
  active,
  direction,
  onSort,
  className,
}: {
  label: string;
  active: boolean;
  direction: 'ascending' | 'descending';
  onSort: () => void;
  className?: string;
}) {
  const Icon = !active ? ArrowUpDown : direction === 'ascending' ? ArrowUp : ArrowDown;
  return (
    <TableHead aria-sort={active ? direction : undefined} className={className}>
      <button
        type="button"
        onClick={onSort}
        className={cn(
          '-mx-1 inline-flex items-center gap-1 rounded-sm px-1 hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring',
          active && 'text-foreground',
        )}
      >
        {label}
        <Icon aria-hidden="true" className={cn('size-3', !active && 'opacity-40')} />
        {active ? null : <span className="sr-only">, order by {label.toLowerCase()}</span>}
      </button>
    </TableHead>
  );
}
