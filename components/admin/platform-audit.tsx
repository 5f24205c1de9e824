'use client';

import * as React from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, History, RotateCw } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditEventView } from '@/lib/platform-admin/schemas';
import { LocalTime } from './local-time';
import { api } from './api';
import { LoadMore } from '@/components/ui/list-parts';

const FILTERS = ['action', 'actorId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
type Page = { data: AuditEventView[]; nextCursor: string | null };

const ACTIONS = ['tenant.created', 'tenant.plan_changed', 'tenant.suspended', 'tenant.reactivated', 'tenant.wiped_out', 'user.signed_in'];

/** The platform trail: filters kept in the URL, newest first, each event's before/after on demand. */
export function PlatformAudit() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const applied: Filters = {
    action: params.get('action') ?? '',
    actorId: params.get('actorId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const [draft, setDraft] = React.useState<Filters>(applied);
  const appliedKey = FILTERS.map((f) => applied[f]).join('|');
  // Filters applied through the URL (back, forward, clearing) show in the form; adjusted while rendering.
  const [shownKey, setShownKey] = React.useState(appliedKey);
  if (shownKey !== appliedKey) {
    setShownKey(appliedKey);
    setDraft(applied);
  }

  const events = useInfiniteQuery({
    queryKey: ['admin', 'audit', appliedKey],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams();
      for (const f of FILTERS) if (applied[f]) qs.set(f, applied[f]);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/admin/audit-events${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    retry: (count, error) => count < 1 && !(error as { status?: number }).status?.toString().startsWith('4'),
  });

  const apply = (values: Filters) => {
    const qs = new URLSearchParams();
    for (const f of FILTERS) if (values[f].trim()) qs.set(f, values[f].trim());
    router.replace(`${pathname}${qs.size ? `?${qs}` : ''}`);
  };
  const active = FILTERS.some((f) => applied[f]);
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="grid gap-4">
      <form
        aria-label="Filter the platform trail"
        className="grid gap-3 rounded-lg border border-border p-4 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <FormField label="Action">
          <Input
            name="action"
            list="platform-actions"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            placeholder="tenant.suspended"
          />
        </FormField>
        <datalist id="platform-actions">
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <FormField label="Actor id">
          <Input
            name="actorId"
            value={draft.actorId}
            onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
            className="font-mono"
          />
        </FormField>
        <FormField label="From">
          <Input name="from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </FormField>
        <FormField label="To">
          <Input name="to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </FormField>
        <div className="flex gap-2">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          {active ? (
            <Button type="button" onClick={() => apply({ action: '', actorId: '', from: '', to: '' })}>
              Clear
            </Button>
          ) : null}
        </div>
      </form>

      {events.isPending ? (
        <div aria-busy="true" aria-label="Loading events" className="grid gap-3 rounded-lg border border-border p-4">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="flex gap-4">
              <Skeleton className="h-4 w-32" />
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-4 w-24" />
            </div>
          ))}
        </div>
      ) : events.isError ? (
        <Alert tone="danger" role="alert" title="The platform trail could not be loaded.">
          <span>{events.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void events.refetch()} pending={events.isFetching}>
            <RotateCw aria-hidden="true" />
            Try again
          </Button>
        </Alert>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<History />}
          title={active ? 'No event matches these filters' : 'No platform events yet'}
          action={
            active ? <Button onClick={() => apply({ action: '', actorId: '', from: '', to: '' })}>Clear the filters</Button> : undefined
          }
        >
          {active ? 'Widen the dates or clear a filter.' : 'Sign-ins and tenant changes are recorded here.'}
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Platform events" containerClassName="rounded-lg border border-border">
            <TableHeader>
              <TableRow>
                <TableHead className="w-8">
                  <span className="sr-only">Details</span>
                </TableHead>
                <TableHead>When</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Target</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((e) => (
                <EventRow key={e.id} event={e} />
              ))}
            </TableBody>
          </Table>
          <LoadMore pages={events} label="Load older events" />
        </>
      )}
    </div>
  );
}

function EventRow({ event }: { event: AuditEventView }) {
  const [open, setOpen] = React.useState(false);
  const detailsId = `event-${event.id}`;
  return (
    <>
      <TableRow data-testid="platform-event">
        <TableCell>
          <Button
            size="icon-sm"
            variant="ghost"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${event.action}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
          </Button>
        </TableCell>
        <TableCell>
          <LocalTime iso={event.occurredAt} />
        </TableCell>
        <TableCell>
          <Badge tone={event.action.endsWith('wiped_out') || event.action.endsWith('suspended') ? 'danger' : 'neutral'}>
            {event.action}
          </Badge>
        </TableCell>
        <TableCell>
          <span className="flex flex-col">
            <span>{event.actor.name ?? event.actor.type}</span>
            {event.actor.id ? (
              <span className="font-mono text-xs text-muted-foreground" title={event.actor.id}>
                {event.actor.id.slice(0, 8)}
              </span>
            ) : null}
          </span>
        </TableCell>
        <TableCell className="font-mono text-xs">
          {event.targetType ? `${event.targetType} ` : ''}
          <span title={event.targetId ?? undefined}>{event.targetId ? event.targetId.slice(0, 8) : '—'}</span>
        </TableCell>
      </TableRow>
      {open ? (
        <TableRow id={detailsId}>
          <TableCell colSpan={5} className="bg-muted/40">
            <div className="grid gap-3 py-2 md:grid-cols-2">
              <Diff label="Before" value={event.before} />
              <Diff label="After" value={event.after} />
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-muted-foreground">
              {event.reason ? (
                <>
                  <dt>Reason</dt>
                  <dd className="text-foreground">{event.reason}</dd>
                </>
              ) : null}
              <dt>Request</dt>
              <dd className="font-mono">{event.requestId ?? '—'}</dd>
              <dt>IP · agent</dt>
              <dd>
                {event.ip ?? '—'} · {event.userAgent ?? '—'}
              </dd>
              <dt>Hash</dt>
              <dd className="font-mono break-all">{event.hash}</dd>
            </dl>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}

function Diff({ label, value }: { label: string; value: Record<string, unknown> | null }) {
  return (
    <div className="grid content-start gap-1">
      <div className="text-xs font-medium">{label}</div>
      <pre className="max-h-64 overflow-auto rounded-md border border-border bg-card p-2 text-xs">
        {value ? JSON.stringify(value, null, 2) : '—'}
      </pre>
    </div>
  );
}
