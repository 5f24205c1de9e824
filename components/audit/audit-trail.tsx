'use client';

import * as React from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, Download, ExternalLink, Filter, History, ShieldCheck } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { AUDIT_FILTERS, KNOWN_ACTIONS, api, auditKey, auditPath, auditQuery, type AuditEventView, type AuditFilters, type AuditPage, type ChainVerification } from './api';
import { ActionBadge, ActorCell, EventDetails } from './event-details';
import { ShortId } from './short-id';

const EMPTY: AuditFilters = { actorId: '', action: '', targetType: '', targetId: '', from: '', to: '' };
const TARGET_TYPES = ['member', 'role', 'team', 'invitation', 'api_key', 'system', 'site', 'batch', 'inspection', 'signature', 'note', 'attachment', 'tenant', 'user'];

/** Where a record of this type lives in the console, when it has a page. */
export function recordHref(tenant: string, type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  const t = `/t/${tenant}`;
  switch (type) {
    case 'member':
      return `${t}/members/${id}`;
    case 'batch':
      return `${t}/batches/${id}`;
    case 'inspection':
      return `${t}/inspections/${id}`;
    case 'role':
      return `${t}/roles`;
    case 'team':
      return `${t}/teams`;
    case 'site':
      return `${t}/sites`;
    default:
      return null;
  }
}

/**
 * The tenant's audit trail (audit.read): newest first, filters kept in the URL, each event's changed fields on
 * demand, "Verify integrity" over the hash chain, and CSV/JSON export of the filtered events (audit.export).
 */
export function AuditTrail({ tenant, canExport }: { tenant: string; canExport: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const applied = React.useMemo(() => {
    const f = { ...EMPTY };
    for (const name of AUDIT_FILTERS) f[name] = params.get(name) ?? '';
    return f;
  }, [params]);
  const appliedKey = AUDIT_FILTERS.map((f) => applied[f]).join('|');
  const [draft, setDraft] = React.useState<AuditFilters>(applied);
  // Filters applied through the URL (back, forward, clearing) show in the form; adjusted while rendering.
  const [shownKey, setShownKey] = React.useState(appliedKey);
  if (shownKey !== appliedKey) {
    setShownKey(appliedKey);
    setDraft(applied);
  }

  const events = useInfiniteQuery({
    queryKey: [...auditKey(tenant), 'list', appliedKey],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = auditQuery(applied, pageParam ? { cursor: pageParam } : {});
      return api<AuditPage>(`${auditPath(tenant)}${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    retry: (count, error) => count < 1 && !String((error as { status?: number }).status ?? '').startsWith('4'),
  });

  const apply = React.useCallback(
    (values: AuditFilters) => {
      const qs = new URLSearchParams();
      for (const f of AUDIT_FILTERS) if (values[f].trim()) qs.set(f, values[f].trim());
      router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`, { scroll: false });
    },
    [pathname, router],
  );
  const active = AUDIT_FILTERS.some((f) => applied[f]);
  const rows = React.useMemo(() => events.data?.pages.flatMap((p) => p.data) ?? [], [events.data]);
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
    <div className="grid gap-4">
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
            All {result.checked.toLocaleString()} event{result.checked === 1 ? '' : 's'} hash to their stored values and link to the one before, without a gap.
          </Alert>
        ) : result ? (
          <Alert tone="danger" role="alert" title="The audit trail has been altered" data-testid="verify-result">
            <span>
              {result.brokenAt ? (
                <>
                  The chain breaks at event #{result.brokenAt.seq} (<ShortId id={result.brokenAt.id} />) after {result.checked.toLocaleString()} checked events. That event or
                  the one before it no longer matches what was written.{' '}
                  <Button variant="link" size="sm" className="align-baseline" onClick={() => showBroken(result.brokenAt!.id)} pending={seek !== null}>
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

      <form
        aria-label="Filter the audit trail"
        className="grid gap-3 rounded-lg border border-border p-4 sm:grid-cols-2 lg:grid-cols-[1.2fr_1fr_0.9fr_1fr_auto_auto] lg:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <FormField label="Action">
          <Input name="action" list="audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} placeholder="role.updated or role." title="Exact, or a prefix ending in . or *" />
        </FormField>
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <FormField label="Actor id">
          <Input name="actorId" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} className="font-mono" placeholder="user or API key id" />
        </FormField>
        <FormField label="Target type">
          <Input name="targetType" list="audit-target-types" value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })} placeholder="member" />
        </FormField>
        <datalist id="audit-target-types">
          {TARGET_TYPES.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <FormField label="Target id">
          <Input name="targetId" value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} className="font-mono" />
        </FormField>
        <FormField label="From">
          <Input name="from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </FormField>
        <FormField label="To">
          <Input name="to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </FormField>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-6 lg:justify-end">
          {active ? (
            <Button type="button" onClick={() => apply(EMPTY)}>
              Clear filters
            </Button>
          ) : null}
          <Button type="submit" variant="primary">
            <Filter aria-hidden="true" />
            Apply filters
          </Button>
        </div>
      </form>

      {events.isPending ? (
        <ListSkeleton label="Loading events" cells={['h-4 w-6', 'h-4 w-32', 'h-4 w-36', 'h-4 w-28', 'h-4 w-40', 'hidden h-4 w-48 md:block']} className="rounded-lg border border-border" rows={8} />
      ) : events.isError ? (
        <LoadFailed title="The audit trail could not be loaded." query={events} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={active ? 'No event matches these filters' : 'No events yet'}
          action={active ? <Button onClick={() => apply(EMPTY)}>Clear the filters</Button> : undefined}
        >
          {active ? 'Widen the dates, use an action prefix such as role., or clear a filter.' : 'Changes to members, roles, batches and the rest of this tenant are recorded here as they happen.'}
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Audit events" containerClassName="rounded-lg border border-border">
            <TableHeader>
              <TableRow>
                <TableHead className="w-8">
                  <span className="sr-only">Details</span>
                </TableHead>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead className="hidden md:table-cell">Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((e) => (
                <EventRow
                  key={e.id}
                  tenant={tenant}
                  event={e}
                  open={open.has(e.id)}
                  broken={highlight === e.id}
                  onToggle={() => toggle(e.id)}
                  onFilter={(patch) => apply({ ...EMPTY, ...patch })}
                />
              ))}
            </TableBody>
          </Table>
          <div className="flex items-center justify-between gap-3 text-xs text-muted-foreground">
            <span>
              {rows.length} event{rows.length === 1 ? '' : 's'} shown{events.hasNextPage ? '' : ' — the beginning of the trail' + (active ? ' for these filters' : '')}
            </span>
            <LoadMore pages={events} label="Load older events" size="sm" />
          </div>
        </>
      )}
    </div>
  );
}

function EventRow({
  tenant,
  event,
  open,
  broken,
  onToggle,
  onFilter,
}: {
  tenant: string;
  event: AuditEventView;
  open: boolean;
  broken: boolean;
  onToggle: () => void;
  onFilter: (patch: Partial<AuditFilters>) => void;
}) {
  const detailsId = `audit-event-${event.id}-details`;
  const href = recordHref(tenant, event.targetType, event.targetId);
  return (
    <>
      <TableRow
        id={`audit-event-${event.id}`}
        data-testid="audit-event"
        data-action={event.action}
        data-broken={broken ? 'true' : undefined}
        className={cn('cursor-pointer', broken && 'bg-danger/10 outline-2 -outline-offset-2 outline-danger')}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a,button,[tabindex]')) return;
          onToggle();
        }}
      >
        <TableCell>
          <Button size="icon-sm" variant="ghost" aria-expanded={open} aria-controls={detailsId} aria-label={`${open ? 'Hide' : 'Show'} changes of ${event.action}`} onClick={onToggle}>
            {open ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
          </Button>
        </TableCell>
        <TableCell>
          <LocalTime iso={event.occurredAt} />
        </TableCell>
        <TableCell className="max-w-48">
          <ActorCell actor={event.actor} />
        </TableCell>
        <TableCell>
          <ActionBadge action={event.action} />
        </TableCell>
        <TableCell>
          {event.targetType ? (
            <span className="flex items-center gap-1.5">
              <span className="text-[13px]">{event.targetType}</span>
              {event.targetId ? <ShortId id={event.targetId} className="text-muted-foreground" /> : null}
            </span>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </TableCell>
        <TableCell className="hidden max-w-72 truncate text-muted-foreground md:table-cell" title={event.reason ?? undefined}>
          {event.reason ?? '—'}
        </TableCell>
      </TableRow>
      {open ? (
        <TableRow id={detailsId} className="hover:bg-transparent">
          <TableCell colSpan={6} className="bg-muted/30 px-4">
            <EventDetails event={event} />
            <div className="flex flex-wrap gap-2 pt-2 pb-1">
              {event.actor.id ? (
                <Button size="sm" variant="ghost" onClick={() => onFilter({ actorId: event.actor.id! })}>
                  <Filter aria-hidden="true" />
                  Events by {event.actor.name ?? 'this actor'}
                </Button>
              ) : null}
              {event.targetType && event.targetId ? (
                <Button size="sm" variant="ghost" onClick={() => onFilter({ targetType: event.targetType!, targetId: event.targetId! })}>
                  <History aria-hidden="true" />
                  History of this {event.targetType}
                </Button>
              ) : null}
              {href ? (
                <Button asChild size="sm" variant="ghost">
                  <Link href={href}>
                    <ExternalLink aria-hidden="true" />
                    Open the {event.targetType}
                  </Link>
                </Button>
              ) : null}
            </div>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}

