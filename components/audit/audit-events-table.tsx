'use client';
/* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- the phone cards set display
   block/grid on the table, which drops its implied roles in browsers; explicit roles keep it a table for screen readers. */

import * as React from 'react';
import { cn } from '@/components/ui/cn';
import { CARD_LAYOUTS } from '@/components/ui/data-table-layout';
import { SortButton } from '@/components/ui/sortable-head';
import type { TableSortState } from '@/components/ui/use-list-params';

/** The trail's rows become cards below `xl` (the DataTable's layout): six columns of any width do not fit beside the sidebar below 1280 px, and nothing scrolls sideways. */
export const AUDIT_LAYOUT = CARD_LAYOUTS.xl;

/** One cell of an event row: labelled on a phone card (`label`), or plain (the toggle, the actor line). */
export function AuditCell({ label, className, children, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <td
      role="cell"
      data-label={label}
      className={cn(AUDIT_LAYOUT.cell, label ? AUDIT_LAYOUT.cellLabelled : AUDIT_LAYOUT.cellPlain, className)}
      {...rest}
    >
      {label ? <div className="min-w-0 break-words">{children}</div> : children}
    </td>
  );
}

/**
 * The audit events table: the "When" header orders the trail (newest or oldest first, by the API; `aria-sort`), the
 * other headers name their columns. Rows are `AuditEventRow`s (each with its details row).
 */
export function AuditEventsTable({ sort, children }: { sort: TableSortState; children: React.ReactNode }) {
  const direction = sort.desc ? 'descending' : 'ascending';
  const head = (extra?: string) => cn(AUDIT_LAYOUT.head, AUDIT_LAYOUT.headHidden, extra);
  return (
    <div className={AUDIT_LAYOUT.frame}>
      <table role="table" aria-label="Audit events" className={AUDIT_LAYOUT.table}>
        <thead role="rowgroup" className={AUDIT_LAYOUT.thead}>
          <tr role="row" className={AUDIT_LAYOUT.headRow}>
            <th role="columnheader" scope="col" className={head('w-8')}>
              <span className="sr-only">Details</span>
            </th>
            <th role="columnheader" scope="col" aria-sort={direction} className={cn(AUDIT_LAYOUT.head, AUDIT_LAYOUT.headSortable)}>
              <SortButton label="When" active direction={direction} onSort={() => sort.set({ id: 'occurred', desc: !sort.desc })} />
            </th>
            <th role="columnheader" scope="col" className={head()}>
              Actor
            </th>
            <th role="columnheader" scope="col" className={head()}>
              Action
            </th>
            <th role="columnheader" scope="col" className={head()}>
              Target
            </th>
            <th role="columnheader" scope="col" className={head('hidden xl:table-cell')}>
              Reason
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup" className={AUDIT_LAYOUT.body}>
          {children}
        </tbody>
      </table>
    </div>
  );
}
