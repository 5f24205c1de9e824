'use client';

import * as React from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { AuditEventsTable } from '@/components/audit/audit-events-table';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { useTableSort } from '@/components/ui/use-list-params';
import type { AuditEventView } from '@/lib/platform-admin/schemas';
import { api } from './api';
import { PlatformAuditFilters } from './platform-audit-filters';
import {
  NO_PLATFORM_FILTERS,
  PLATFORM_AUDIT_FILTERS,
  PLATFORM_AUDIT_PATH,
  PLATFORM_AUDIT_SORT,
  PLATFORM_AUDIT_TENANTS_QUERY,
  platformAuditKey,
  platformAuditQuery,
  platformAuditTenantsKey,
  readPlatformAuditFilters,
  type PlatformAuditFilters as Filters,
  type TenantOption,
} from './platform-audit-query';
import { PlatformEventRow } from './platform-event-row';

type Page = { data: AuditEventView[]; nextCursor: string | null };

/**
 * The platform trail: events outside any tenant (tenant registry, sign-ins, accounts, sessions), newest first or
 * oldest first by the "When" header, filters and order kept in the URL, each event's sentence and changes on demand.
 * Rows become cards below `md`.
 */
export function PlatformAudit() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const sort = useTableSort(PLATFORM_AUDIT_SORT);
  const applied = React.useMemo(() => readPlatformAuditFilters(params), [params]);
  const appliedKey = PLATFORM_AUDIT_FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = React.useState<Filters>(applied);
  // Filters applied through the URL (back, forward, clearing) show in the form; adjusted while rendering.
  const [shownKey, setShownKey] = React.useState(appliedKey);
  if (shownKey !== appliedKey) {
    setShownKey(appliedKey);
    setDraft(applied);
  }

  const events = useInfiniteQuery({
    queryKey: platformAuditKey(applied, sort.dir),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page>(`${PLATFORM_AUDIT_PATH}?${platformAuditQuery(applied, sort.dir, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor,
    retry: (count, error) => count < 1 && !String((error as { status?: number }).status ?? '').startsWith('4'),
  });
  const tenants = useQuery({
    queryKey: platformAuditTenantsKey,
    queryFn: () =>
      api<{ data: TenantOption[] }>(`/api/v1/admin/tenants?${new URLSearchParams(PLATFORM_AUDIT_TENANTS_QUERY)}`).then((page) =>
        page.data.map(({ id, name, slug }) => ({ id, name, slug })),
      ),
    staleTime: 60_000,
  });
  const tenantNames = React.useMemo(() => new Map((tenants.data ?? []).map((t) => [t.id, t.name])), [tenants.data]);

  const apply = React.useCallback(
    (values: Filters) => {
      // The order stays as it is; the filters are replaced.
      const qs = new URLSearchParams();
      for (const f of PLATFORM_AUDIT_FILTERS) if (values[f].trim()) qs.set(f, values[f].trim());
      for (const name of ['sort', 'dir']) if (params.get(name)) qs.set(name, params.get(name)!);
      router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`, { scroll: false });
    },
    [params, pathname, router],
  );
  const active = PLATFORM_AUDIT_FILTERS.some((f) => applied[f]);
  const rows = React.useMemo(() => events.data?.pages.flatMap((p) => p.data) ?? [], [events.data]);
  // The person of "Events by …", named by the events they wrote (the platform has no people search).
  const [actorNames, setActorNames] = React.useState<Record<string, string>>({});
  const actorName = draft.actorId
    ? (actorNames[draft.actorId] ?? rows.find((e) => e.actor.id === draft.actorId)?.actor.name ?? null)
    : null;
  const [open, setOpen] = React.useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filterFrom = (event: AuditEventView, patch: Partial<Filters>) => {
    if (patch.actorId && event.actor.name) setActorNames((names) => ({ ...names, [patch.actorId!]: event.actor.name! }));
    apply({ ...NO_PLATFORM_FILTERS, ...patch });
  };

  return (
    <div className="flex flex-col gap-6">
      <PlatformAuditFilters
        draft={draft}
        onDraftChange={setDraft}
        tenants={tenants.data ?? (tenants.isError ? [] : null)}
        actorName={actorName}
        active={active}
        onApply={apply}
        onClear={() => apply(NO_PLATFORM_FILTERS)}
      />

      {events.isPending ? (
        <ListSkeleton
          label="Loading events"
          cells={['h-4 w-6', 'h-4 w-32', 'h-4 w-36', 'h-4 w-28', 'h-4 w-40', 'hidden h-4 w-48 md:block']}
          className="rounded-lg border border-border"
          rows={8}
        />
      ) : events.isError ? (
        <LoadFailed title="The platform trail could not be loaded." query={events} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={active ? 'No event matches these filters' : 'No platform events yet'}
          action={active ? <Button onClick={() => apply(NO_PLATFORM_FILTERS)}>Clear the filters</Button> : undefined}
        >
          {active ? 'Widen the dates or clear a filter.' : 'Sign-ins, accounts and changes to tenants are recorded here as they happen.'}
        </EmptyState>
      ) : (
        <>
          <AuditEventsTable sort={sort}>
            {rows.map((e) => (
              <PlatformEventRow
                key={e.id}
                event={e}
                targetName={
                  e.targetType === 'tenant' && e.targetId
                    ? tenantNames.get(e.targetId)
                    : e.targetType === 'user' && e.targetId === e.actor.id
                      ? e.actor.name
                      : null
                }
                open={open.has(e.id)}
                onToggle={() => toggle(e.id)}
                onFilter={(patch) => filterFrom(e, patch)}
              />
            ))}
          </AuditEventsTable>
          <div className="flex flex-wrap items-center justify-between gap-3 text-xs text-muted-foreground">
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
