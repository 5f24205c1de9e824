'use client';

import * as React from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Download, History, ShieldCheck } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { PageHeader } from '@/components/ui/page-header';
import { useTableSort } from '@/components/ui/use-list-params';
import { toast } from '@/components/ui/toast';
import {
  AUDIT_FILTERS,
  AUDIT_SORT,
  api,
  auditListKey,
  auditPath,
  auditQuery,
  readAuditFilters,
  type AuditFilters,
  type AuditPage,
  type ChainVerification,
} from './api';
import { AuditEventsTable } from './audit-events-table';
import { type PickedPerson } from './people-picker';
import { AuditEventRow } from './audit-event-row';
import { AuditFiltersForm } from './audit-filters-form';
import { ShortId } from './short-id';

const EMPTY: AuditFilters = { actorId: '', action: '', targetType: '', targetId: '', from: '', to: '' };

/**
 * The tenant's audit trail (audit.read): newest first (or oldest first by the "When" header), filters (action, the
 * person who acted, record type, dates) and order kept in the URL, each event's changed fields on
 * demand, "Verify integrity" over the hash chain, and CSV/JSON export of the filtered events (audit.export).
 */
export function AuditTrail({ tenant, canExport, canSearchPeople }: { tenant: string; canExport: boolean; canSearchPeople: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const sort = useTableSort(AUDIT_SORT);
  const applied = React.useMemo(() => readAuditFilters(params), [params]);
  const appliedKey = AUDIT_FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = React.useState<AuditFilters>(applied);
  // Filters applied through the URL (back, forward, clearing) show in the form; adjusted while rendering.
  const [shownKey, setShownKey] = React.useState(appliedKey);
  if (shownKey !== appliedKey) {
    setShownKey(appliedKey);
    setDraft(applied);
  }
  // The person chosen in the picker, to show their name before (and after) the filtered events arrive.
  const [picked, setPicked] = React.useState<PickedPerson | null>(null);

  const events = useInfiniteQuery({
    queryKey: auditListKey(tenant, applied, sort.dir),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = auditQuery(applied, { sort: 'occurred', dir: sort.dir, ...(pageParam ? { cursor: pageParam } : {}) });
      return api<AuditPage>(`${auditPath(tenant)}${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    retry: (count, error) => count < 1 && !String((error as { status?: number }).status ?? '').startsWith('4'),
  });

  const apply = React.useCallback(
    (values: AuditFilters) => {
      // The order stays as it is; the filters are replaced.
      const qs = new URLSearchParams();
      for (const f of AUDIT_FILTERS) if (values[f].trim()) qs.set(f, values[f].trim());
      for (const name of ['sort', 'dir']) if (params.get(name)) qs.set(name, params.get(name)!);
      router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`, { scroll: false });
    },
    [params, pathname, router],
  );
  const active = AUDIT_FILTERS.some((f) => applied[f]);
  const rows = React.useMemo(() => events.data?.pages.flatMap((p) => p.data) ?? [], [events.data]);
  const personName =
    (picked && picked.id === draft.actorId ? picked.name : null) ??
    rows.find((e) => e.actor.id === draft.actorId)?.actor.name ??
    (events.isPending ? 'Loading the name…' : null);
  const [open, setOpen] = React.useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // Verify integrity, and finding the broken event in the list.
  const verify = useMutation({
    mutationFn: () => api<ChainVerification>(`${auditPath(tenant)}/verify`),
    onError: (error) => toast({ title: 'The chain could not be verified', description: error.message, tone: 'error' }),
  });
  const [seek, setSeek] = React.useState<string | null>(null);
  const [highlight, setHighlight] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (!seek || events.isPending || events.isFetching) return;
    if (rows.some((r) => r.id === seek)) {
      // Seeking walks the pages (fetchNextPage) and scrolls to the event: work for an effect, which ends the seek.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setHighlight(seek);
      setOpen((s) => new Set(s).add(seek));
      setSeek(null);
      requestAnimationFrame(() => document.getElementById(`audit-event-${seek}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }));
    } else if (events.hasNextPage) {
      void events.fetchNextPage();
    } else {
      setSeek(null);
      toast({ title: 'The event is not in the list', description: 'It may have been written under different filters.', tone: 'error' });
    }
  }, [seek, rows, events]);
  const showBroken = (id: string) => {
    if (active) apply(EMPTY);
    setSeek(id);
  };

  const exportHref = (format: 'csv' | 'json') => `${auditPath(tenant)}/export?${auditQuery(applied, { format })}`;
  const result = verify.data;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Audit trail"
        description="Every change in this tenant: who, what, when and why, with old and new values. Events are append-only and hash-chained."
        actions={
          <>
            {canExport ? (
              <>
                <Button asChild size="md">
                  <a href={exportHref('csv')} download data-testid="export-csv">
                    <Download aria-hidden="true" />
                    Export CSV
                  </a>
                </Button>
                <Button asChild size="md">
                  <a href={exportHref('json')} download data-testid="export-json">
                    <Download aria-hidden="true" />
                    Export JSON
                  </a>
                </Button>
              </>
            ) : null}
            <Button variant="primary" onClick={() => verify.mutate()} pending={verify.isPending}>
              <ShieldCheck aria-hidden="true" />
              Verify integrity
            </Button>
          </>
        }
      />

      <div aria-live="polite" className="grid empty:hidden">
        {verify.isPending ? (
          <div role="status" className="grid gap-2 rounded-lg border border-border p-3 text-[13px]" data-testid="verify-progress">
            <span>Recomputing the hash chain of every event…</span>
            <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
              <div className="h-full w-1/3 animate-[audit-progress_1.2s_ease-in-out_infinite] rounded-full bg-primary" />
            </div>
            <style>{'@keyframes audit-progress{0%{transform:translateX(-100%)}100%{transform:translateX(300%)}}'}</style>
          </div>
        ) : result?.valid ? (
          <Alert tone="success" title="The audit trail is intact" data-testid="verify-result">
            All {result.checked.toLocaleString()} event{result.checked === 1 ? '' : 's'} hash to their stored values and link to the one
            before, without a gap.
          </Alert>
        ) : result ? (
          <Alert tone="danger" role="alert" title="The audit trail has been altered" data-testid="verify-result">
            <span>
              {result.brokenAt ? (
                <>
                  The chain breaks at event #{result.brokenAt.seq} (<ShortId id={result.brokenAt.id} />) after{' '}
                  {result.checked.toLocaleString()} checked events. That event or the one before it no longer matches what was written.{' '}
                  <Button
                    variant="link"
                    size="sm"
                    className="align-baseline"
                    onClick={() => showBroken(result.brokenAt!.id)}
                    pending={seek !== null}
                  >
                    Show the event
                  </Button>
                </>
              ) : (
                <>The chain does not verify ({result.checked.toLocaleString()} checked).</>
              )}
            </span>
          </Alert>
        ) : null}
      </div>

      <AuditFiltersForm
        tenant={tenant}
        draft={draft}
        onDraftChange={setDraft}
        personName={personName}
        onPersonPicked={setPicked}
        peopleDisabledReason={canSearchPeople ? undefined : 'Searching people needs the permission to view members.'}
        active={active}
        onApply={apply}
        onClear={() => apply(EMPTY)}
      />

      {events.isPending ? (
        <ListSkeleton
          label="Loading events"
          cells={['h-4 w-6', 'h-4 w-32', 'h-4 w-36', 'h-4 w-28', 'h-4 w-40', 'hidden h-4 w-48 md:block']}
          className="rounded-lg border border-border"
          rows={8}
        />
      ) : events.isError ? (
        <LoadFailed title="The audit trail could not be loaded." query={events} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={active ? 'No event matches these filters' : 'No events yet'}
          action={active ? <Button onClick={() => apply(EMPTY)}>Clear the filters</Button> : undefined}
        >
          {active
            ? 'Widen the dates, use an action prefix such as role., or clear a filter.'
            : 'Changes to members, roles, batches and the rest of this tenant are recorded here as they happen.'}
        </EmptyState>
      ) : (
        <>
          <AuditEventsTable sort={sort}>
            {rows.map((e) => (
              <AuditEventRow
                key={e.id}
                tenant={tenant}
                event={e}
                open={open.has(e.id)}
                broken={highlight === e.id}
                onToggle={() => toggle(e.id)}
                onFilter={(patch) => apply({ ...EMPTY, ...patch })}
              />
            ))}
          </AuditEventsTable>
          <div className="flex items-center justify-between gap-3 text-xs text-muted-foreground">
            <span>
              {rows.length} event{rows.length === 1 ? '' : 's'} shown
              {events.hasNextPage ? '' : ` — the ${sort.desc ? 'beginning' : 'end'} of the trail` + (active ? ' for these filters' : '')}
            </span>
            <LoadMore pages={events} label={sort.desc ? 'Load older events' : 'Load newer events'} size="sm" />
          </div>
        </>
      )}
    </div>
  );
}
