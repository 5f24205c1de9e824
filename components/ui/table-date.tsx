'use client';

import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { SimpleTooltip } from './tooltip';

const DATE_ONLY: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };
const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * A date in a table cell: in the viewer's zone and locale (the viewer clock, so the server's first paint and the
 * browser agree), with the time unless `dateOnly`, UTC on hover and focus; `fallback` (muted) when there is none,
 * e.g. "Never".
 */
export function TableDate({
  iso,
  dateOnly = false,
  fallback = '—',
}: {
  iso: string | null | undefined;
  dateOnly?: boolean;
  fallback?: string;
}) {
  const format = useDateTimeFormat(dateOnly ? DATE_ONLY : DATE_TIME);
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(iso);
  return (
    <SimpleTooltip label={`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {format.format(date)}
      </time>
    </SimpleTooltip>
  );
}
