'use client';

import Link from 'next/link';
import { ChevronDown, ChevronRight, ExternalLink, Filter, History } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { TableCell, TableRow } from '@/components/ui/table';
import type { AuditEventView, AuditFilters } from './api';
import { ActionBadge, ActorCell, EventDetails } from './event-details';
import { ShortId } from './short-id';

/** Where a record of this type lives in the console, when it has a page. */
function recordHref(tenant: string, type: string | null, id: string | null): string | null {
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

/** One audit event: when, actor, action, target and reason; a click shows its changed fields; values filter the trail. */
export function AuditEventRow({
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
          <Button
            size="icon-sm"
            variant="ghost"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Hide' : 'Show'} changes of ${event.action}`}
            onClick={onToggle}
          >
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
