'use client';

import { ChevronDown, ChevronRight, Filter, History } from 'lucide-react';
import { LocalTime } from '@/components/admin/local-time';
import { AUDIT_LAYOUT, AuditCell } from '@/components/audit/audit-events-table';
import { ActionBadge, ActorCell, EventDetails } from '@/components/audit/event-details';
import { ShortId } from '@/components/audit/short-id';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { auditSentence, targetNameOf, targetTypeLabel } from '@/lib/audit/action-labels';
import type { AuditEventView } from '@/lib/platform-admin/schemas';
import type { PlatformAuditFilters } from './platform-audit-query';

/**
 * One platform event: when, who, the action in words and the record (a tenant's name, or a short id with a copy
 * button); a click shows its sentence, changed fields and origin, and offers the events of the same person or record.
 */
export function PlatformEventRow({
  event,
  open,
  onToggle,
  onFilter,
  targetName: knownName,
}: {
  event: AuditEventView;
  /** The name of the record the event is about when the caller knows it (a tenant from the tenant filter's list, the account that acted). */
  targetName?: string | null;
  open: boolean;
  onToggle: () => void;
  onFilter: (patch: Partial<PlatformAuditFilters>) => void;
}) {
  const detailsId = `platform-event-${event.id}-details`;
  const targetName = targetNameOf(event) ?? knownName ?? null;
  const kind = event.targetType ? targetTypeLabel(event.targetType) : null;
  return (
    <>
      <tr
        role="row"
        id={`platform-event-${event.id}`}
        data-testid="platform-event"
        data-action={event.action}
        className={cn(AUDIT_LAYOUT.row, 'cursor-pointer max-xl:relative')}
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
            aria-label={`${open ? 'Hide' : 'Show'} details: ${auditSentence(event, targetName)}`}
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
              {targetName ? <span className="text-[13px] font-medium break-all">{targetName}</span> : null}
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
          data-testid="platform-event-details"
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
            </div>
          </AuditCell>
        </tr>
      ) : null}
    </>
  );
}
