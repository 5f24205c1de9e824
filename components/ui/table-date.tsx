'use client';

import { SimpleTooltip } from './tooltip';

/**
 * A date in a table cell: in the viewer's zone (with the time unless `dateOnly`), UTC on hover and focus; `fallback`
 * (muted) when there is none, e.g. "Never".
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
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
  return (
    <SimpleTooltip label={`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {local}
      </time>
    </SimpleTooltip>
  );
}
