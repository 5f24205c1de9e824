'use client';

import { SimpleTooltip } from '@/components/ui/tooltip';

/** A time in the viewer's zone, UTC on hover and focus. */
export function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  const utc = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return (
    <SimpleTooltip label={utc}>
      <time
        dateTime={iso}
        tabIndex={0}
        className="rounded-sm text-xs whitespace-nowrap text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring"
      >
        {local}
      </time>
    </SimpleTooltip>
  );
}
