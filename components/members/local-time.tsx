'use client';

import { SimpleTooltip } from '@/components/ui/tooltip';

/** A time in the viewer's zone, UTC on hover. */
export function LocalTime({ iso, fallback = '—' }: { iso: string | null; fallback?: string }) {
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  return (
    <SimpleTooltip label={`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {local}
      </time>
    </SimpleTooltip>
  );
}
