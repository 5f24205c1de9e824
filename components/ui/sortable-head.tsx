'use client';

import * as React from 'react';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { cn } from './cn';
import { TableHead } from './table';

/** The button inside a sortable column header: the column's name and an arrow showing the current direction. */
export function SortButton({
  label,
  active,
  direction,
  onSort,
  className,
}: {
  label: React.ReactNode;
  active: boolean;
  direction: 'ascending' | 'descending';
  onSort: () => void;
  className?: string;
}) {
  const Icon = !active ? ArrowUpDown : direction === 'ascending' ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      onClick={onSort}
      data-slot="sort-button"
      className={cn(
        '-mx-1 inline-flex items-center gap-1 rounded-sm px-1 hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring',
        active && 'text-foreground',
        className,
      )}
    >
      {label}
      <Icon aria-hidden="true" className={cn('size-3 shrink-0', !active && 'opacity-40')} />
    </button>
  );
}

/**
 * A column header that orders the list by its column, for hand-made tables (`DataTable` does this by itself): a
 * button, and `aria-sort` on the header while the list is in that order. `onSort` decides the next order (same
 * column: the other direction; another column: its first direction).
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
  return (
    <TableHead aria-sort={active ? direction : undefined} className={className}>
      <SortButton label={label} active={active} direction={direction} onSort={onSort} />
    </TableHead>
  );
}
