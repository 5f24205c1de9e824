'use client';

import Link from 'next/link';
import { ChevronDown, ChevronRight, ExternalLink, Filter, History } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { AUDIT_LAYOUT, AuditCell } from './audit-events-table';
import { auditSentence, targetNameOf, targetTypeLabel } from '@/lib/audit/action-labels';
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
  const targetName = targetNameOf(event);
  const kind = event.targetType ? targetTypeLabel(event.targetType) : null;
  return (
    <>
      <tr
        role="row"
        id={`audit-event-${event.id}`}
        data-testid="audit-event"
        data-action={event.action}
        data-target-type={event.targetType ?? undefined}
        data-broken={broken ? 'true' : undefined}
        className={cn(
          AUDIT_LAYOUT.row,
          'cursor-pointer max-xl:relative',
          broken && 'bg-danger/10 outline-2 -outline-offset-2 outline-danger',
        )}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('a,button,[tabindex]')) return;
          onToggle();
        }}
      >
        <AuditCell className="max-xl:absolute max-xl:top-2 max-xl:right-2">
          <Button
            size="icon-sm"
            variant="ghost"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Hide' : 'Show'} changes: ${auditSentence(event)}`}
            onClick={onToggle}
          >
            {open ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />}
          </Button>
        </AuditCell>
        <AuditCell label="When" className="max-xl:pr-10">
          <LocalTime iso={event.occurredAt} />
        </AuditCell>
        <AuditCell label="Actor" className="xl:max-w-48">
          <ActorCell actor={event.actor} />
        </AuditCell>
        <AuditCell label="Action">
          <ActionBadge action={event.action} />
        </AuditCell>
        <AuditCell label="Target">
          {event.targetType ? (
            <span className="flex flex-wrap items-center gap-x-1.5">
              <span className="text-[13px]">{targetTypeLabel(event.targetType, true)}</span>
              {targetName ? <span className="text-[13px] font-medium">{targetName}</span> : null}
              {event.targetId && !targetName ? <ShortId id={event.targetId} className="text-muted-foreground" /> : null}
            </span>
          ) : (
            <span className="text-muted-foreground">—</span>
          )}
        </AuditCell>
        {/* The reason takes the room the other columns leave (width 100%, max-width 0) and ends in an ellipsis: it never widens the table. */}
        <AuditCell label="Reason" className="text-muted-foreground max-xl:hidden xl:w-full xl:max-w-0" title={event.reason ?? undefined}>
          <span className="block truncate">{event.reason ?? '—'}</span>
        </AuditCell>
      </tr>
      {open ? (
        <tr
          role="row"
          id={detailsId}
          className={cn(AUDIT_LAYOUT.row, 'hover:bg-transparent max-xl:-mt-2 max-xl:rounded-t-none max-xl:border-t-0')}
        >
          <AuditCell colSpan={6} className="bg-muted/30 px-4 max-xl:p-3">
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
                  History of this {kind}
                </Button>
              ) : null}
              {href ? (
                <Button asChild size="sm" variant="ghost">
                  <Link href={href}>
                    <ExternalLink aria-hidden="true" />
                    Open the {kind}
                  </Link>
                </Button>
              ) : null}
            </div>
          </AuditCell>
        </tr>
      ) : null}
    </>
  );
}
