'use client';

import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { SimpleTooltip } from '@/components/ui/tooltip';

/** A time in the viewer's zone (UTC until hydrated, so server and browser agree), with UTC on hover and focus. */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const date = new Date(iso);
  const utc = `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const local = useDateTimeFormat({ dateStyle: 'medium', timeStyle: 'medium' }).format(date);
  return (
    <SimpleTooltip label={utc}>
      <time
        dateTime={iso}
        tabIndex={0}
        className={className ?? 'rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring'}
      >
        {local}
      </time>
    </SimpleTooltip>
  );
}
