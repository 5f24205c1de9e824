'use client';

import * as React from 'react';
import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { ChevronDown, ChevronRight, History, RotateCw } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ListSkeleton, LoadMore } from '@/components/ui/list-parts';
import { api, auditKey, auditPath, type AuditEventView, type AuditPage } from './api';
import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { targetTypeLabel } from '@/lib/audit/action-labels';
import { AuditSentence } from './audit-sentence';
import { EventDetails } from './event-details';

/**
 * The audit events of one record (`targetType` + `targetId`), newest first and compact: when, what, who, and each
 * event's changed fields (old → new) on demand. Needs audit.read (the caller shows it only to holders).
 * `version` (the record's updatedAt, say) refetches after the record changes.
 */
export function RecordHistory({
  tenant,
  targetType,
  targetId,
  version,
  targetName,
  limit = 20,
}: {
  tenant: string;
  targetType: string;
  targetId: string;
  /** The record's name, for the sentences ("Ben changed role Viewer"). */
  targetName?: string;
  version?: string | number;
  limit?: number;
}) {
  const events = useInfiniteQuery({
    queryKey: [...auditKey(tenant), 'record', targetType, targetId, version ?? null],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ targetType, targetId, limit: String(limit) });
      if (pageParam) qs.set('cursor', pageParam);
      return api<AuditPage>(`${auditPath(tenant)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
  });
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  const trailHref = `/t/${tenant}/audit?${new URLSearchParams({ targetType, targetId })}`;

  if (events.isPending) return <ListSkeleton label="Loading the history" cells={['h-4 w-28', 'h-4 w-32', 'h-4 w-24']} rows={3} />;
  if (events.isError) {
    return (
      <Alert tone="danger" role="alert" title="The history could not be loaded." className="m-3">
        <span>{events.error.message} </span>
        <Button variant="link" size="sm" className="align-baseline" onClick={() => void events.refetch()} pending={events.isFetching}>
          <RotateCw aria-hidden="true" />
          Try again
        </Button>
      </Alert>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState size="compact" headingLevel="h3" icon={<History />} title="No audit events yet">
        Every change of this {targetTypeLabel(targetType)} is recorded here, with old and new values.
      </EmptyState>
    );
  }
  return (
    <div className="grid" data-testid="record-history">
      <ol aria-label={`History of this ${targetTypeLabel(targetType)}`} className="divide-y divide-border">
        {rows.map((e) => (
          <HistoryItem key={e.id} event={e} targetName={e.targetType === targetType && e.targetId === targetId ? targetName : undefined} />
        ))}
      </ol>
      <div className="flex items-center justify-between gap-2 border-t border-border px-3 py-2 text-xs">
        <Link href={trailHref} className="text-link underline-offset-4 hover:underline">
          Open in the audit trail
        </Link>
        <LoadMore pages={events} label="Load older" size="sm" />
      </div>
    </div>
  );
}

const MEDIUM_SHORT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

function HistoryItem({ event, targetName }: { event: AuditEventView; targetName?: string }) {
  const [open, setOpen] = React.useState(false);
  const format = useDateTimeFormat(MEDIUM_SHORT);
  const id = `history-${event.id}`;
  return (
    <li data-testid="record-history-event" data-action={event.action}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-3 px-3 py-2 text-left text-[13px] hover:bg-accent/50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
      >
        {open ? (
          <ChevronDown aria-hidden="true" className="size-3.5 shrink-0 text-muted-foreground" />
        ) : (
          <ChevronRight aria-hidden="true" className="size-3.5 shrink-0 text-muted-foreground" />
        )}
        <span className="grid min-w-0 flex-1 gap-0.5 sm:flex sm:items-baseline sm:gap-3">
          <span className="shrink-0 text-xs text-muted-foreground sm:w-36">
            <time dateTime={event.occurredAt} title={`${event.occurredAt.slice(0, 16).replace('T', ' ')} UTC`}>
              {format.format(new Date(event.occurredAt))}
            </time>
          </span>
          <AuditSentence event={event} targetName={targetName} plain className="flex-1" />
          {event.reason ? <span className="max-w-60 truncate text-xs text-muted-foreground">{event.reason}</span> : null}
        </span>
      </button>
      {open ? (
        <div id={id} className="bg-muted/30 px-3 pb-3">
          <EventDetails event={event} />
        </div>
      ) : null}
    </li>
  );
}
