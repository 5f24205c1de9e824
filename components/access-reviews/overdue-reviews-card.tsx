import Link from 'next/link';
import { CalendarClock, ListChecks } from 'lucide-react';
import { DashCard } from '@/components/quality/dashboard-cards';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import type { OverdueAccessReview, WaitingAccessReview } from '@/lib/access-reviews/overdue';

const link =
  'rounded-sm font-medium break-words text-link underline underline-offset-2 hover:no-underline focus-visible:outline-2 focus-visible:outline-ring';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Overdue access reviews (holders of access_reviews.manage): each campaign past its due date, most overdue first. */
export function OverdueReviewsCard({ base, overdue }: { base: string; overdue: OverdueAccessReview[] }) {
  return (
    <DashCard
      id="overdue-access-reviews"
      icon={<CalendarClock />}
      title="Overdue access reviews"
      description="Open campaigns past their due date, most overdue first; the admins are told by mail once."
      action={
        <span className="text-2xl font-semibold tabular-nums" data-testid="overdue-reviews-count">
          {overdue.length}
          <span className="sr-only"> overdue</span>
        </span>
      }
    >
      {overdue.length === 0 ? (
        <EmptyState
          size="compact"
          headingLevel="h3"
          title="No overdue access reviews"
          className="rounded-md border border-dashed border-border bg-muted/30 py-6"
        >
          Campaigns show up here the day after their due date while they are still open.
        </EmptyState>
      ) : (
        <ul className="grid gap-2" aria-label="Overdue access reviews">
          {overdue.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1 rounded-md border border-border p-3">
              <div className="flex min-w-0 flex-col gap-0.5">
                <Link href={`${base}/access-reviews/${c.id}`} className={link}>
                  {c.name}
                </Link>
                <span className="text-xs text-muted-foreground">
                  Due {c.dueOn} · owner {c.ownerName} · {plural(c.openItems, 'item', 'items')} not signed
                </span>
              </div>
              <Badge tone="danger" dot>
                {plural(c.daysOverdue, 'day', 'days')} overdue
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </DashCard>
  );
}

/** The signed-in reviewer's open campaigns with their unsigned items (shown only when there are some). */
export function ReviewsWaitingCard({ base, waiting }: { base: string; waiting: WaitingAccessReview[] }) {
  const total = waiting.reduce((n, c) => n + c.openItems, 0);
  return (
    <DashCard
      id="access-reviews-waiting"
      icon={<ListChecks />}
      title="Access reviews waiting for you"
      description="Members whose access you review: decide keep, revoke or modify, then sign your decisions."
      action={
        <span className="text-2xl font-semibold tabular-nums" data-testid="waiting-items-count">
          {total}
          <span className="sr-only"> {total === 1 ? 'member waits' : 'members wait'} for your decision</span>
        </span>
      }
    >
      <ul className="grid gap-2" aria-label="Access reviews waiting for you">
        {waiting.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-md border border-border p-3">
            <div className="flex min-w-0 flex-col gap-0.5">
              <Link href={`${base}/access-reviews/${c.id}`} className={link}>
                {c.name}
              </Link>
              <span className="text-xs text-muted-foreground">
                {plural(c.openItems, 'member', 'members')} to review · due {c.dueOn}
              </span>
            </div>
            {c.overdue ? (
              <Badge tone="danger" dot>
                Overdue
              </Badge>
            ) : null}
          </li>
        ))}
      </ul>
    </DashCard>
  );
}

/** Both cards as the dashboard shows them: overdue for managers (null: not one), waiting only when something waits. */
export function AccessReviewCards({
  base,
  data,
}: {
  base: string;
  data: { overdue: OverdueAccessReview[] | null; waitingForMe: WaitingAccessReview[] };
}) {
  if (data.overdue === null && data.waitingForMe.length === 0) return null;
  return (
    <section aria-label="Access reviews" className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      {data.waitingForMe.length > 0 ? <ReviewsWaitingCard base={base} waiting={data.waitingForMe} /> : null}
      {data.overdue !== null ? <OverdueReviewsCard base={base} overdue={data.overdue} /> : null}
    </section>
  );
}
