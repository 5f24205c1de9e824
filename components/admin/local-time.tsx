'use client';

import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { SimpleTooltip } from '@/components/ui/tooltip';

const MEDIUM_SHORT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A time in the viewer's zone, UTC on hover and focus. */
export function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const local = useDateTimeFormat(MEDIUM_SHORT).format(date);
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
