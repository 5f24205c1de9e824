import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LocalTime } from '@/components/admin/local-time';
import { AuditSentence } from '@/components/audit/audit-sentence';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listPlatformEvents } from '@/lib/platform-admin/list-platform-events';
import { listTenants } from '@/lib/platform-admin/list-tenants';
import { seatsFull } from '@/lib/invitations/policy';

export const metadata: Metadata = { title: 'Overview' };

/** Overview: tenant count, seats in use, recent platform events. Reads the domain layer directly (server component). */
export default async function AdminOverviewPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in?next=/admin');
  const all = [];
  let cursor: string | undefined;
  do {
    const page = await listTenants(user, { limit: 200, cursor });
    all.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < 2000);
  const events = await listPlatformEvents(user, { limit: 8 });
  const suspended = all.filter((t) => t.status === 'suspended').length;
  const seats = all.reduce((sum, t) => sum + t.seats.used, 0);
  const full = all.filter((t) => seatsFull(t.seats)).length;
  const stats = [
    { label: 'Tenants', value: all.length, note: suspended ? `${suspended} suspended` : 'all active' },
    { label: 'Seats in use', value: seats, note: 'active members across tenants' },
    { label: 'Tenants at their seat limit', value: full, note: full ? 'a larger plan lets them invite' : 'room everywhere' },
  ];
  return (
    <div className="grid gap-6">
      <div className="grid gap-4 sm:grid-cols-3">
        {stats.map((s) => (
          <Card key={s.label}>
            <CardHeader className="flex-col gap-1">
              <CardDescription>{s.label}</CardDescription>
              <CardTitle as="h2" className="text-2xl tabular-nums">
                {s.value}
              </CardTitle>
            </CardHeader>
            <CardContent className="text-xs text-muted-foreground">{s.note}</CardContent>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader className="flex-row items-center justify-between gap-2">
          <div className="grid gap-1">
            <CardTitle>Recent platform events</CardTitle>
            <CardDescription>Sign-ins, tenant creation, plan changes, suspensions and wipe-outs.</CardDescription>
          </div>
          <Link href="/admin/audit" className={buttonVariants({ size: 'sm' })}>
            Open the platform trail
          </Link>
        </CardHeader>
        <CardContent>
          {events.data.length === 0 ? (
            <EmptyState title="No platform events yet" headingLevel="h3" size="compact">
              Events appear here as people sign in and tenants are created.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-border text-sm">
              {events.data.map((e) => (
                <li
                  key={e.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-2"
                  data-testid="platform-event"
                  data-action={e.action}
                >
                  <AuditSentence event={e} />
                  <LocalTime iso={e.occurredAt} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
