'use client';

import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { SimpleTooltip } from '@/components/ui/tooltip';

const MEDIUM_SHORT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A time in the viewer's zone and locale (the same on the server and in the browser: viewer-clock.tsx), UTC on hover. */
export function LocalTime({ iso, fallback = '—' }: { iso: string | null; fallback?: string }) {
  const format = useDateTimeFormat(MEDIUM_SHORT);
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(iso);
  const local = format.format(date);
  return (
    <SimpleTooltip label={`${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {local}
      </time>
    </SimpleTooltip>
  );
}
