'use client';

import { cn } from '@/components/ui/cn';
import { seatsFull, seatsLeft } from '@/lib/invitations/policy';
import type { Seats } from './api';

/** "7 of 25 seats used" (or "7 seats used · unlimited"), a bar, and what is left; a warning colour when full. */
export function SeatsLine({ seats, compact = false }: { seats: Seats; compact?: boolean }) {
  const { used, limit } = seats;
  const full = seatsFull(seats);
  const percent = limit ? Math.min(100, Math.round((used / limit) * 100)) : null;
  const left = seatsLeft(seats);
  return (
    <div className={cn('grid', compact ? 'gap-1.5' : 'gap-2')} data-testid="seats" data-full={full ? 'true' : undefined}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-0.5 text-[13px]">
        <span className="font-medium tabular-nums text-foreground" data-testid="seats-used">
          {limit === null ? `${used} ${used === 1 ? 'seat' : 'seats'} used · unlimited` : `${used} of ${limit} seats used`}
        </span>
        <span className={cn('text-xs tabular-nums', full ? 'font-medium text-warning' : 'text-muted-foreground')}>
          {left === null ? 'No seat limit on this plan' : full ? 'No seat left' : `${left} ${left === 1 ? 'seat' : 'seats'} left`}
        </span>
      </div>
      {percent !== null ? (
        <div
          role="progressbar"
          aria-label="Seats used"
          aria-valuemin={0}
          aria-valuemax={limit ?? undefined}
          aria-valuenow={used}
          aria-valuetext={`${used} of ${limit} seats used`}
          className={cn('overflow-hidden rounded-full bg-muted', compact ? 'h-1' : 'h-1.5')}
        >
          <div className={cn('h-full rounded-full', full ? 'bg-warning' : 'bg-primary')} style={{ width: `${percent}%` }} />
        </div>
      ) : null}
      {compact ? null : (
        <p className="text-xs text-muted-foreground">
          Active members and pending invitations each take a seat; an expired or revoked invitation frees its seat.
        </p>
      )}
    </div>
  );
}
